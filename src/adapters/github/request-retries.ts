import { z } from "zod";
import type { Logger } from "../../core/ports.js";
import { abortReason, retryWaits } from "./abortable-wait.js";
import type { GitHubClient } from "./github-client.js";
import { describeLimit, rateLimitOf, type GitHubAnswer, type RateLimit, type RateLimitKind } from "./rate-limits.js";

/** Any Octokit (Probot's, @octokit/rest's, @octokit/core's): only its request hook is used. */
export type HookableClient = Pick<GitHubClient, "hook">;

/** How GitHub requests are retried; the same settings for every client of a job. */
export interface GitHubRetrySettings {
  /** Retries of one request after a rate limit, or after a 5xx for a read. */
  readonly retries: number;
  /** First backoff after a 5xx; doubled each retry, with jitter. */
  readonly baseDelayMs: number;
  /** A rate limit asking to wait longer than this is not waited out: the request fails saying so. */
  readonly maxWaitMs: number;
  /** The wait after a rate limit that names no time (GitHub documents one minute). */
  readonly rateLimitWaitMs: number;
}

export interface RequestRetryOptions extends GitHubRetrySettings {
  readonly log: Logger;
  /**
   * The job's signal (newer push, shutdown, deadline): it ends any wait, and the request fails with its reason.
   * A first attempt is still made after it aborted (completing the check run as interrupted is such a request).
   */
  readonly signal?: AbortSignal;
}

/** A rate limit that was not waited out: too long a wait, or still in force after every retry. */
export class GitHubRateLimitError extends Error {
  constructor(
    readonly kind: RateLimitKind,
    /** A route such as `GET /repos/{owner}/{repo}/pulls/{pull_number}`, or a page's path. */
    readonly request: string,
    message: string,
    options: { readonly cause: unknown },
  ) {
    super(message, options);
    this.name = "GitHubRateLimitError";
  }
}

const GraphqlErrorsSchema = z.object({ errors: z.array(z.looseObject({ type: z.string().optional(), message: z.string().optional() })) });
const ResponseSchema = z.object({ status: z.number(), headers: z.record(z.string(), z.unknown()), data: z.unknown() });
const RequestErrorSchema = z.object({ status: z.number().optional(), message: z.string(), response: ResponseSchema.optional() });

function graphqlErrorsOf(data: unknown): ReadonlyArray<{ readonly type?: string | undefined; readonly message?: string | undefined }> {
  const parsed = GraphqlErrorsSchema.safeParse(data);
  return parsed.success ? parsed.data.errors : [];
}

function answerOfResponse(response: unknown): GitHubAnswer | undefined {
  const parsed = ResponseSchema.safeParse(response);
  if (!parsed.success) return undefined;
  const errors = graphqlErrorsOf(parsed.data.data);
  return {
    status: parsed.data.status,
    headers: parsed.data.headers,
    message: errors.map((error) => error.message ?? "").join(" "),
    graphqlErrorTypes: errors.flatMap((error) => (error.type === undefined ? [] : [error.type])),
  };
}

/**
 * Octokit's RequestError, or the error Octokit's throttling plugin makes of a GraphQL RATE_LIMITED answer (no
 * status of its own, the 200 response attached).
 */
function answerOfError(error: unknown): GitHubAnswer | undefined {
  const parsed = RequestErrorSchema.safeParse(error);
  if (!parsed.success) return undefined;
  const { status, message, response } = parsed.data;
  const fromResponse = response === undefined ? undefined : answerOfResponse(response);
  const answerStatus = status ?? fromResponse?.status;
  if (answerStatus === undefined) return undefined;
  return { status: answerStatus, headers: fromResponse?.headers ?? {}, message, graphqlErrorTypes: fromResponse?.graphqlErrorTypes ?? [] };
}

interface RequestShape {
  readonly method: string;
  readonly url: string;
  readonly baseUrl?: unknown;
  readonly query?: unknown;
}

/**
 * The route: a template such as `/repos/{owner}/{repo}/pulls`, or a paginated request's path, without the API's
 * base URL (GitHub Enterprise Server's `/api/v3`) and without the query.
 */
function describeRequest(options: RequestShape): string {
  const baseUrl = typeof options.baseUrl === "string" ? options.baseUrl.replace(/\/$/, "") : undefined;
  const url = baseUrl !== undefined && options.url.startsWith(`${baseUrl}/`) ? options.url.slice(baseUrl.length) : options.url;
  return `${options.method} ${url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "")}`;
}

function isGraphql(options: RequestShape): boolean {
  return /\/graphql$/.test(options.url.replace(/\?.*$/, ""));
}

/** Reads can be sent again after any failure; a GraphQL query is a read, a mutation is not. */
function isRead(options: RequestShape): boolean {
  const method = options.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return true;
  return isGraphql(options) && typeof options.query === "string" && !/^\s*(#[^\n]*\n\s*)*mutation\b/.test(options.query);
}

/** GraphQL's transient failure, answered with HTTP 200 (Octokit's retry plugin retries it too). */
function isGraphqlServerError(answer: GitHubAnswer): boolean {
  return /Something went wrong while executing your query/i.test(answer.message);
}

type Outcome<R = unknown> = { readonly response: R } | { readonly error: unknown };

type Retry =
  | { readonly kind: "rate-limit"; readonly limit: RateLimit; readonly status: number }
  | { readonly kind: "server-error"; readonly status: number };

/** Why `outcome` deserves another attempt, if it does. */
function retryOf(outcome: Outcome, graphql: boolean, read: boolean, limitsWaited: number, rateLimitWaitMs: number): Retry | undefined {
  // A REST success is never retried; GraphQL answers its errors, a spent quota included, with HTTP 200.
  const answer = "error" in outcome ? answerOfError(outcome.error) : graphql ? answerOfResponse(outcome.response) : undefined;
  if (answer === undefined) return undefined;
  const limit = rateLimitOf(answer, limitsWaited, { unnamedWaitMs: rateLimitWaitMs });
  if (limit !== undefined) return { kind: "rate-limit", limit, status: answer.status };
  const serverError = "error" in outcome ? answer.status >= 500 : isGraphqlServerError(answer);
  return read && serverError ? { kind: "server-error", status: answer.status } : undefined;
}

function settled<R>(outcome: Outcome<R>): R {
  if ("error" in outcome) throw outcome.error;
  return outcome.response;
}

function backoff(attempt: number, baseDelayMs: number): number {
  return baseDelayMs * 2 ** attempt + Math.floor(Math.random() * baseDelayMs);
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

/** Clients whose requests already go through the retries. */
const retried = new WeakSet<object>();

/**
 * Every request of `client` waits out GitHub's primary and secondary rate limits (`retry-after`,
 * `x-ratelimit-reset`, else `rateLimitWaitMs` doubling), up to `retries` times and never longer than
 * `maxWaitMs` a wait; reads also retry 5xx with backoff. While one request waits out a limit, the client's other
 * requests wait too: requests made during a limit count against the integration.
 *
 * A 5xx on a write is not retried here: the write may have taken effect (GitHub sometimes creates a review and
 * answers 502), so `withWriteRetries` retries it after looking for that effect. Rate limits are handled only
 * here, so no write is retried by two layers.
 */
export function withRequestRetries<C extends HookableClient>(client: C, options: RequestRetryOptions): C {
  // The hook changes the client itself. A client given twice (the Action's comment job, then the review it asks
  // for, on one token's client) keeps its first retries: a second layer would retry every retry.
  if (retried.has(client)) return client;
  retried.add(client);
  const { log, signal } = options;
  const wait = retryWaits(signal);
  let pausedUntil = 0;

  const givenUp = (name: string, waitMs: number): unknown => {
    log.info({ request: name, waitMs }, "GitHub request given up: the review was stopped while it waited");
    return abortReason(signal, `"${name}"`);
  };

  client.hook.wrap("request", async (request, requestOptions) => {
    const name = describeRequest(requestOptions);
    const graphql = isGraphql(requestOptions);
    const read = isRead(requestOptions);
    let limitsWaited = 0;
    for (let attempt = 0; ; attempt += 1) {
      const pause = pausedUntil - Date.now();
      // A first attempt is made even after the job was stopped: completing the check run as interrupted is one.
      if (pause > 0 && !(attempt === 0 && signal?.aborted === true)) {
        // A retry's wait was logged when its limit came; a first attempt says why it is held.
        if (attempt === 0) log.info({ request: name, waitMs: pause }, "GitHub request held while another waits out a rate limit");
        if (!(await wait(pause)) && attempt > 0) throw givenUp(name, pause);
      }
      let outcome: Outcome<Awaited<ReturnType<typeof request>>>;
      try {
        outcome = { response: await request(requestOptions) };
      } catch (error) {
        outcome = { error };
      }
      const retry = retryOf(outcome, graphql, read, limitsWaited, options.rateLimitWaitMs);
      if (retry === undefined) return settled(outcome);
      const cause = "error" in outcome ? outcome.error : outcome.response;
      if (retry.kind === "rate-limit") {
        const { limit } = retry;
        if (limit.waitMs > options.maxWaitMs) throw tooLong(limit, name, options.maxWaitMs, cause);
        if (attempt >= options.retries) throw stillLimited(limit, name, attempt, cause);
        limitsWaited += 1;
        pausedUntil = Math.max(pausedUntil, Date.now() + limit.waitMs);
        log.warn(
          { request: name, status: retry.status, limit: limit.kind, waitMs: limit.waitMs, basis: limit.basis, retry: attempt + 1 },
          "GitHub rate limit: waiting before retrying",
        );
        continue;
      }
      if (attempt >= options.retries) return settled(outcome);
      const waitMs = backoff(attempt, options.baseDelayMs);
      log.warn({ request: name, status: retry.status, waitMs, retry: attempt + 1 }, "GitHub error on a read: retrying");
      if (!(await wait(waitMs))) throw givenUp(name, waitMs);
    }
  });

  return client;
}

function tooLong(limit: RateLimit, request: string, maxWaitMs: number, cause: unknown): GitHubRateLimitError {
  return new GitHubRateLimitError(
    limit.kind,
    request,
    `${describeLimit(limit.kind)} on ${request} asks to wait ${seconds(limit.waitMs)} (${limit.basis}), longer than ` +
      `GITHUB_RETRY_MAX_WAIT_MS (${seconds(maxWaitMs)}) allows: re-run the review once the limit has passed, or raise GITHUB_RETRY_MAX_WAIT_MS.`,
    { cause },
  );
}

function stillLimited(limit: RateLimit, request: string, retries: number, cause: unknown): GitHubRateLimitError {
  return new GitHubRateLimitError(
    limit.kind,
    request,
    `${describeLimit(limit.kind)} on ${request} was still in force after ${retries} retries (GITHUB_WRITE_RETRIES): re-run the review later.`,
    { cause },
  );
}
