import { request, type IncomingHttpHeaders } from "node:http";
import { primaryRateLimit, secondaryRateLimit } from "../../test/helpers/fake-github.js";
import { statusBody } from "../../test/helpers/github/errors.js";
import { flatHeaders, readBody, sendJson, startLocalServer, type LocalServer } from "../../test/helpers/http/local-server.js";
import { Occurrences, roll, weighted } from "./seeded.js";

export type GitHubFault = "github 5xx" | "github primary rate limit" | "github secondary rate limit" | "github slow answer";

export const GITHUB_FAULTS: readonly GitHubFault[] = ["github 5xx", "github primary rate limit", "github secondary rate limit", "github slow answer"];

const KINDS: ReadonlyArray<{ readonly fault: GitHubFault; readonly weight: number }> = [
  { fault: "github 5xx", weight: 3 },
  { fault: "github primary rate limit", weight: 2 },
  { fault: "github secondary rate limit", weight: 3 },
  { fault: "github slow answer", weight: 2 },
];

export interface InjectedGitHubFault {
  readonly fault: GitHubFault;
  readonly method: string;
  /** Without `/api/v3`, with the query. */
  readonly path: string;
  /** The request body, for telling which pull request a request was about. */
  readonly body: string;
}

export interface ChaosProxy {
  /** `127.0.0.1:PORT`, for GHE_HOST. */
  readonly host: string;
  readonly injected: readonly InjectedGitHubFault[];
  readonly requests: number;
  close(): Promise<void>;
}

export interface ChaosOptions {
  readonly seed: number;
  /** Share of requests answered with a fault. */
  readonly rate: number;
  /** Where the requests that get through go: the fake GitHub's origin. */
  readonly target: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function forward(target: string, method: string, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = { ...headers, host: new URL(target).host, "content-length": String(Buffer.byteLength(body)) };
    const req = request(`${target}${url}`, { method, headers: outgoing, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * GitHub as the soak sees it: the fake GitHub behind a proxy that answers a seeded share of requests with
 * GitHub's own faults — a 5xx, the hourly quota spent (403, `x-ratelimit-remaining: 0`, reset in 1–2 s), a
 * secondary rate limit (403, `retry-after: 1`), or the right answer after 1–3 s.
 */
export async function startChaosProxy(options: ChaosOptions): Promise<ChaosProxy> {
  const injected: InjectedGitHubFault[] = [];
  const occurrences = new Occurrences();
  let requests = 0;
  const server: LocalServer = await startLocalServer(async (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const path = url.replace(/^\/api\/v3/, "");
    const body = await readBody(req);
    requests += 1;
    const key = occurrences.next(`${method} ${path}`);
    const fault = roll(options.seed, key) < options.rate ? weighted(KINDS, roll(options.seed, `${key}:kind`)).fault : undefined;
    if (fault !== undefined) injected.push({ fault, method, path, body });
    if (fault === "github 5xx") {
      const status = [500, 502, 503][Math.floor(roll(options.seed, `${key}:status`) * 3)] ?? 502;
      sendJson(res, status, statusBody(status));
      return;
    }
    if (fault === "github primary rate limit" || fault === "github secondary rate limit") {
      const limited = fault === "github primary rate limit" ? primaryRateLimit(1 + Math.floor(roll(options.seed, `${key}:wait`) * 2)) : secondaryRateLimit(1);
      sendJson(res, limited.status, limited.body, limited.headers);
      return;
    }
    if (fault === "github slow answer") await sleep(1000 + Math.floor(roll(options.seed, `${key}:wait`) * 2000));
    const answer = await forward(options.target, method, url, flatHeaders(req), body);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && name !== "connection" && name !== "transfer-encoding") headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    res.writeHead(answer.status, { ...headers, "content-length": String(answer.body.length) });
    res.end(answer.body);
  });
  return {
    host: server.origin.replace(/^http:\/\//, ""),
    get injected() {
      return [...injected];
    },
    get requests() {
      return requests;
    },
    close: () => server.close(),
  };
}
