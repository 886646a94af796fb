/**
 * GitHub's rate-limit answers, told apart by GitHub's documented rules
 * (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately):
 * - `retry-after` present: wait that many seconds;
 * - `x-ratelimit-remaining: 0`: the primary quota is spent until `x-ratelimit-reset` (epoch seconds);
 * - otherwise a secondary limit: wait at least a minute, longer each time it repeats.
 * A rate-limited request had no effect, so any request (writes included) may be sent again after the wait.
 */

export type RateLimitKind = "primary" | "secondary";

/** What GitHub answered, from a response or from Octokit's RequestError: status, headers, message, GraphQL error types. */
export interface GitHubAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly message: string;
  readonly graphqlErrorTypes: readonly string[];
}

export interface RateLimit {
  readonly kind: RateLimitKind;
  readonly waitMs: number;
  /** Where the wait comes from, for logs and messages: `retry-after: 7`, `x-ratelimit-reset: 2025-…Z`, or the default. */
  readonly basis: string;
}

export interface RateLimitRules {
  /** The wait when GitHub names none (GitHub documents one minute); doubled for each repeat on the same request. */
  readonly unnamedWaitMs: number;
}

/** Older GitHub Enterprise Server versions call the secondary limit "abuse detection". */
const SECONDARY_LIMIT_MESSAGE = /secondary rate limit|abuse detection/i;
/** `x-ratelimit-reset` is whole seconds and clocks differ: retry a second after it, as Octokit's throttling does. */
const RESET_MARGIN_MS = 1_000;

function header(answer: GitHubAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return typeof value === "string" || typeof value === "number" ? String(value).trim() : undefined;
}

/** `retry-after` is seconds, or (per HTTP) a date. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * The limit `answer` reports, or undefined when it is not one (a 403 for a missing permission is not retried).
 * `repeat` counts the limits this same request already waited out.
 */
export function rateLimitOf(answer: GitHubAnswer, repeat: number, rules: RateLimitRules, now = Date.now()): RateLimit | undefined {
  // GraphQL reports a spent quota as an error of type RATE_LIMITED, with HTTP 200.
  const graphqlLimited = answer.graphqlErrorTypes.includes("RATE_LIMITED");
  if (answer.status !== 403 && answer.status !== 429 && !graphqlLimited) return undefined;
  const retryAfter = header(answer, "retry-after");
  const afterMs = retryAfterMs(retryAfter, now);
  const secondaryMessage = SECONDARY_LIMIT_MESSAGE.test(answer.message);
  const quotaSpent = header(answer, "x-ratelimit-remaining") === "0" || graphqlLimited;
  // 429 is "too many requests" whatever its body says; a 403 is a limit only when GitHub says so.
  if (afterMs === undefined && !quotaSpent && !secondaryMessage && answer.status !== 429) return undefined;
  const kind: RateLimitKind = quotaSpent && !secondaryMessage ? "primary" : "secondary";
  if (afterMs !== undefined) return { kind, waitMs: afterMs, basis: `retry-after: ${retryAfter ?? ""}` };
  const reset = Number(header(answer, "x-ratelimit-reset"));
  if (quotaSpent && header(answer, "x-ratelimit-reset") !== undefined && Number.isFinite(reset)) {
    return { kind, waitMs: Math.max(0, reset * 1000 - now + RESET_MARGIN_MS), basis: `x-ratelimit-reset: ${new Date(reset * 1000).toISOString()}` };
  }
  // "If your request continues to fail due to a secondary rate limit, wait for an exponentially increasing amount of time."
  return { kind, waitMs: rules.unnamedWaitMs * 2 ** repeat, basis: "no retry-after or x-ratelimit-reset" };
}

/** GitHub's own words for a limit, for messages a user reads. */
export function describeLimit(kind: RateLimitKind): string {
  return kind === "primary" ? "GitHub's primary rate limit (the installation's API quota is spent)" : "GitHub's secondary rate limit";
}
