import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Logger } from "../../core/ports.js";

/** The parts of Octokit's RequestError a retry decision needs; anything else is not an HTTP error. */
const HttpErrorSchema = z.object({
  status: z.number(),
  message: z.string(),
  response: z.object({ headers: z.record(z.string(), z.unknown()) }).optional(),
});
type HttpError = z.infer<typeof HttpErrorSchema>;

export interface WriteRetryOptions {
  readonly log: Logger;
  /** Retries after the first attempt. */
  readonly retries: number;
  /** First backoff for 5xx; doubled each retry, with jitter. */
  readonly baseDelayMs: number;
  /** A rate limit asking to wait longer than this is not waited out: the write fails with the reason. */
  readonly maxWaitMs: number;
  /**
   * The job's signal (newer push, shutdown, deadline): a wait for a retry ends when it aborts, so a write waiting
   * out a rate limit cannot hold a shutdown past its grace period. A first attempt is still made after it aborted
   * (completing the check run as interrupted is such a write).
   */
  readonly signal?: AbortSignal;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly waitMs: number; readonly why: string; readonly ambiguous: boolean };

function header(error: HttpError, name: string): string | undefined {
  const value = error.response?.headers[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/**
 * GitHub's rules: a secondary rate limit (403/429 with `retry-after`, or its message) asks to wait `retry-after`
 * seconds, at least a minute without one; a spent primary quota (`x-ratelimit-remaining: 0`) waits for
 * `x-ratelimit-reset`. Those requests had no effect. A 5xx may or may not have taken effect: retry with backoff
 * after checking. Other errors (422, 404, …) do not get better by retrying.
 */
export function retryDecision(error: unknown, attempt: number, options: Pick<WriteRetryOptions, "baseDelayMs">, now = Date.now()): RetryDecision {
  const parsed = HttpErrorSchema.safeParse(error);
  if (!parsed.success) return { retry: false };
  const http = parsed.data;
  if (http.status === 403 || http.status === 429) {
    const retryAfter = header(http, "retry-after");
    if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) {
      return { retry: true, waitMs: Number(retryAfter) * 1000, why: `rate limited (HTTP ${http.status}, retry-after ${retryAfter} s)`, ambiguous: false };
    }
    if (header(http, "x-ratelimit-remaining") === "0") {
      const reset = Number(header(http, "x-ratelimit-reset"));
      const waitMs = Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : 60_000;
      return { retry: true, waitMs, why: `API quota spent (HTTP ${http.status})`, ambiguous: false };
    }
    if (/secondary rate limit/i.test(http.message)) {
      return { retry: true, waitMs: 60_000, why: `secondary rate limit (HTTP ${http.status})`, ambiguous: false };
    }
    return { retry: false };
  }
  if (http.status >= 500) {
    const backoff = options.baseDelayMs * 2 ** attempt;
    return { retry: true, waitMs: backoff + Math.floor(Math.random() * options.baseDelayMs), why: `GitHub error (HTTP ${http.status})`, ambiguous: true };
  }
  return { retry: false };
}

export interface RetryableWrite<T> {
  /** For logs: e.g. "create review". */
  readonly name: string;
  readonly attempt: () => Promise<T>;
  /**
   * Before retrying, looks for the effect of an earlier attempt (a review GitHub created although it answered
   * an error) and returns it, so the write is never made twice.
   */
  readonly alreadyDone?: () => Promise<T | undefined>;
}

/** False when `signal` aborted before `ms` passed. */
async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return false;
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
    return true;
  } catch (error) {
    if (aborted()) return false;
    throw error;
  }
}

/** The signal's own reason (a ReviewInterrupted saying why), so the review reports the interruption, not an AbortError. */
function abortReason(signal: AbortSignal | undefined, name: string): unknown {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(`"${name}" was not retried: the review was stopped`, { cause: reason });
}

export async function retryWrite<T>(write: RetryableWrite<T>, options: WriteRetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write.attempt();
    } catch (error) {
      const decision = retryDecision(error, attempt, options);
      if (!decision.retry || attempt >= options.retries) throw error;
      if (decision.waitMs > options.maxWaitMs) {
        throw new Error(
          `GitHub asked to wait ${Math.ceil(decision.waitMs / 1000)} s before "${write.name}" (${decision.why}), longer than GITHUB_RETRY_MAX_WAIT_MS allows`,
          { cause: error },
        );
      }
      options.log.warn({ write: write.name, attempt: attempt + 1, waitMs: decision.waitMs, why: decision.why }, "GitHub write failed; retrying");
      const waited = await waitUnlessAborted(decision.waitMs, options.signal);
      if (!waited) {
        // After an ambiguous failure the write may have taken effect: say so rather than "nothing was posted".
        const done = decision.ambiguous ? await write.alreadyDone?.() : undefined;
        if (done !== undefined) return done;
        options.log.info({ write: write.name, waitMs: decision.waitMs }, "GitHub write given up: the review was stopped while waiting to retry");
        throw abortReason(options.signal, write.name);
      }
      const done = await write.alreadyDone?.();
      if (done !== undefined) {
        options.log.info({ write: write.name }, "an earlier attempt had taken effect; not writing again");
        return done;
      }
    }
  }
}
