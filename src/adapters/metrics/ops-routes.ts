import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReviewMetrics } from "./review-metrics.js";

export interface OpsRoutesOptions {
  readonly metrics: Pick<ReviewMetrics, "render">;
  /** The queue backend answers and the server is not shutting down. */
  readonly isReady: () => Promise<boolean>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): true {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
  return true;
}

/**
 * `GET /healthz` (the process answers), `GET /readyz` (it can take reviews: a load balancer stops sending
 * webhooks when it says 503, e.g. while draining), `GET /metrics` (Prometheus). A request handler for Probot's
 * server: true when it answered.
 */
export function createOpsRoutes(options: OpsRoutesOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (req.method !== "GET") return false;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") return send(res, 200, "application/json", JSON.stringify({ status: "ok" }));
    if (path === "/readyz") {
      const ready = await options.isReady().catch(() => false);
      return send(res, ready ? 200 : 503, "application/json", JSON.stringify({ status: ready ? "ready" : "not ready" }));
    }
    if (path === "/metrics") {
      const { contentType, body } = await options.metrics.render();
      return send(res, 200, contentType, body);
    }
    return false;
  };
}
