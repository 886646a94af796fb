import { setTimeout as delay } from "node:timers/promises";
import { APIError, APIUserAbortError } from "openai";
import { ModelError, type ModelErrorKind } from "../../core/errors.js";

/** Waits `ms`, or rejects as soon as `signal` aborts: a cancelled review must not sit out a retry-after. */
export type Sleep = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

export const abortableSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/** 429, 5xx, timeouts and dropped connections pass; 400/401/403/404 are configuration errors and do not. */
const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set<ModelErrorKind>(["rate_limited", "unavailable", "timeout"]);

/** A server that asks for a longer pause than this is failing the call, not pacing it. */
export const MAX_RETRY_AFTER_MS = 120_000;

export interface RetryOptions {
  readonly maxRetries: number;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: Sleep | undefined;
}

/** `retry-after-ms` (OpenAI's), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const millis = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(millis)) return Math.max(0, millis);
  const value = headers?.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff from 0.5 s to 8 s with up to 25 % jitter, as the OpenAI SDK does. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retry, 8_000) * (1 - random() * 0.25);
}

function gaveUp(error: ModelError, retries: number, why: string): ModelError {
  return new ModelError(error.kind, `${error.message} (${why} after ${retries} ${retries === 1 ? "retry" : "retries"})`, { cause: error.cause });
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `maxRetries` retries are spent, waiting what the
 * server asks (`retry-after`) or a backoff in between. We retry here, not in the SDK: the SDK's wait cannot be
 * aborted, so a cancelled review would sit out a whole retry-after before stopping.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ModelError) || !RETRYABLE.has(error.kind)) throw error;
      if (retry >= options.maxRetries) throw retry === 0 ? error : gaveUp(error, retry, "gave up");
      const asked = error.cause instanceof APIError ? retryAfterMs(error.cause.headers) : undefined;
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) {
        throw new ModelError(error.kind, `${error.message}; the server asked to wait ${Math.ceil(asked / 1000)} s before retrying`, { cause: error.cause });
      }
      try {
        await sleep(asked ?? backoffMs(retry), options.signal);
      } catch (abort) {
        // The same error as an abort during the request, whichever moment the review was cancelled at.
        if (options.signal?.aborted === true) throw new APIUserAbortError();
        throw abort;
      }
    }
  }
}
