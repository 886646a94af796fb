import { DOCS, errorBody, statusBody } from "./errors.js";

export interface FailureSpec {
  /** Any method when left out. */
  readonly method?: string;
  /** A string must equal the path (without `/api/v3` and without the query); a RegExp is tested against it. */
  readonly path: RegExp | string;
  readonly status: number;
  /** Defaults to GitHub's `{ message, documentation_url, status }` for the status code. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests fail (default 1). */
  readonly times?: number;
  /**
   * Let the request take effect and still answer the error, as GitHub sometimes does (a 502 for a review
   * it did create). By default the request changes nothing.
   */
  readonly afterEffect?: boolean;
}

export type InjectedResponse = Pick<FailureSpec, "status" | "body" | "headers">;

interface Pending {
  readonly spec: FailureSpec;
  remaining: number;
}

/** Failures queued by tests, consumed first-in first-out by the requests they match. */
export class Failures {
  readonly #pending: Pending[] = [];

  add(spec: FailureSpec): void {
    this.#pending.push({ spec, remaining: spec.times ?? 1 });
  }

  take(method: string, path: string): FailureSpec | undefined {
    const found = this.#pending.find(({ spec }) => {
      if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
      return typeof spec.path === "string" ? spec.path === path : spec.path.test(path);
    });
    if (found === undefined) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.#pending.splice(this.#pending.indexOf(found), 1);
    return found.spec;
  }
}

export function injectedBody(spec: FailureSpec): unknown {
  return spec.body === undefined ? statusBody(spec.status) : spec.body;
}

/**
 * GitHub's answer to too many requests in a short time: 403, quota still left, and `retry-after` — which GitHub
 * leaves out at times (`null`), when the client must wait at least a minute.
 */
export function secondaryRateLimit(retryAfterSeconds: number | null = 60): InjectedResponse {
  return {
    status: 403,
    headers: {
      ...(retryAfterSeconds === null ? {} : { "retry-after": String(retryAfterSeconds) }),
      "x-ratelimit-remaining": "4000",
      "x-ratelimit-limit": "5000",
    },
    body: errorBody(
      403,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
      DOCS.secondaryRateLimit,
    ),
  };
}

/** The hourly quota is spent: 403 with `x-ratelimit-remaining: 0` and the reset time in epoch seconds. */
export function primaryRateLimit(resetInSeconds = 60): InjectedResponse {
  return {
    status: 403,
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
      "x-ratelimit-resource": "core",
    },
    body: errorBody(403, "API rate limit exceeded for installation ID 1.", DOCS.primaryRateLimit),
  };
}

/** GraphQL's answer when the hourly points are spent: HTTP 200 with a RATE_LIMITED error. */
export function graphqlRateLimit(resetInSeconds = 60): InjectedResponse {
  return {
    status: 200,
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
      "x-ratelimit-resource": "graphql",
    },
    body: { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit already exceeded for installation ID 1." }] },
  };
}
