import { createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";
import { performance } from "node:perf_hooks";

export interface DeliverWebhookOptions {
  /** Probot's webhook URL, e.g. `http://127.0.0.1:PORT/api/github/webhooks`. */
  readonly url: string;
  readonly secret: string;
  /** `X-GitHub-Event`, e.g. "pull_request". */
  readonly event: string;
  readonly payload: unknown;
  /** `X-GitHub-Delivery`; a random UUID when left out. Redeliveries reuse the id. */
  readonly deliveryId?: string;
}

export interface DeliveryResult {
  readonly status: number;
  readonly body: string;
  readonly elapsedMs: number;
  readonly deliveryId: string;
}

/** POSTs a webhook as GitHub does: the exact bytes sent are the bytes signed. */
export function deliverWebhook(options: DeliverWebhookOptions): Promise<DeliveryResult> {
  const body = JSON.stringify(options.payload);
  return post(options, body, sign(options.secret, body));
}

export interface DeliverForgedWebhookOptions extends Omit<DeliverWebhookOptions, "secret"> {
  /** The signature header to send; `null` sends none. Default: signed with a secret the app does not have. */
  readonly signature?: string | null;
}

export function deliverForgedWebhook(options: DeliverForgedWebhookOptions): Promise<DeliveryResult> {
  const body = JSON.stringify(options.payload);
  const signature = options.signature === undefined ? sign("not-the-webhook-secret", body) : options.signature;
  return post(options, body, signature);
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

async function post(options: Omit<DeliverWebhookOptions, "secret">, body: string, signature: string | null): Promise<DeliveryResult> {
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/fake",
    "x-github-event": options.event,
    "x-github-delivery": deliveryId,
    "x-github-hook-installation-target-type": "integration",
  };
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const started = performance.now();
  const { status, text } = await postOnce(options.url, headers, body);
  return { status, body: text, elapsedMs: performance.now() - started, deliveryId };
}

/**
 * One delivery on its own connection, as GitHub makes them. fetch's shared keep-alive pool would reuse a
 * socket to a server a previous test closed whenever the OS hands the next server the same port.
 */
function postOnce(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
