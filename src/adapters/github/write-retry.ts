import { z } from "zod";
import type { Logger } from "../../core/ports.js";
import { abortReason, retryWaits } from "./abortable-wait.js";

/** The part of Octokit's RequestError a retry decision needs; anything else is not an HTTP error. */
const HttpErrorSchema = z.object({ status: z.number() });

export interface WriteRetryOptions {
  readonly log: Logger;
  /** Retries after the first attempt. */
  readonly retries: number;
  /** First backoff for 5xx; doubled each retry, with jitter. */
  readonly baseDelayMs: number;
  /**
   * The job's signal (newer push, shutdown, deadline): a wait for a retry ends when it aborts, so a write waiting
   * out a backoff cannot hold a shutdown past its grace period. A first attempt is still made after it aborted
   * (completing the check run as interrupted is such a write).
   */
  readonly signal?: AbortSignal;
  /** The waits between retries (shared by a job's writes, so the grace after a stop is counted once); from `signal` when not given. */
  readonly wait?: (ms: number) => Promise<boolean>;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly waitMs: number; readonly why: string };

/**
 * A 5xx may or may not have taken effect: retry with backoff, after looking for the effect. Rate limits never
 * reach this far — the client waits them out (`withRequestRetries`) and fails with a GitHubRateLimitError, which
 * has no status, when it does not — so a rate-limited write is retried by one layer only. Other errors (422,
 * 404, …) do not get better by retrying.
 */
export function retryDecision(error: unknown, attempt: number, options: Pick<WriteRetryOptions, "baseDelayMs">): RetryDecision {
  const parsed = HttpErrorSchema.safeParse(error);
  if (!parsed.success || parsed.data.status < 500) return { retry: false };
  const backoff = options.baseDelayMs * 2 ** attempt;
  return { retry: true, waitMs: backoff + Math.floor(Math.random() * options.baseDelayMs), why: `GitHub error (HTTP ${parsed.data.status})` };
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

export async function retryWrite<T>(write: RetryableWrite<T>, options: WriteRetryOptions): Promise<T> {
  const wait = options.wait ?? retryWaits(options.signal);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write.attempt();
    } catch (error) {
      const decision = retryDecision(error, attempt, options);
      if (!decision.retry || attempt >= options.retries) throw error;
      options.log.warn({ write: write.name, attempt: attempt + 1, waitMs: decision.waitMs, why: decision.why }, "GitHub write failed; retrying");
      const waited = await wait(decision.waitMs);
      if (!waited) {
        // The failed attempt may have taken effect: say so rather than "nothing was posted".
        const done = await write.alreadyDone?.();
        if (done !== undefined) return done;
        options.log.info({ write: write.name, waitMs: decision.waitMs }, "GitHub write given up: the review was stopped while waiting to retry");
        throw abortReason(options.signal, `"${write.name}"`);
      }
      const done = await write.alreadyDone?.();
      if (done !== undefined) {
        options.log.info({ write: write.name }, "an earlier attempt had taken effect; not writing again");
        return done;
      }
    }
  }
}
