import { setTimeout as sleep } from "node:timers/promises";

/** False when `signal` aborted before `ms` passed (or had aborted already). */
export async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
    return true;
  } catch (error) {
    if (aborted()) return false;
    throw error;
  }
}

/** The signal's own reason (a ReviewInterrupted saying why), so the review reports the interruption, not an AbortError. */
export function abortReason(signal: AbortSignal | undefined, what: string): unknown {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(`${what} was not retried: the review was stopped`, { cause: reason });
}

/**
 * How long after a job was stopped its requests may still be retried. The review's last writes come after the
 * stop (completing its check run as cancelled); a 5xx on one of them must not leave the check run spinning
 * forever, yet a shutdown must not wait long for it.
 */
export const STOPPED_RETRY_GRACE_MS = 5_000;

/**
 * Waits between retries of one job's requests: abortable by the job's signal while it runs; after it was stopped,
 * only a wait that ends within `graceMs` of the stop is made (a short backoff, not a rate limit's minute).
 * Resolves false when the retry is not to be made.
 */
export function retryWaits(signal: AbortSignal | undefined, graceMs = STOPPED_RETRY_GRACE_MS): (ms: number) => Promise<boolean> {
  let stoppedAt = signal?.aborted === true ? Date.now() : undefined;
  signal?.addEventListener("abort", () => (stoppedAt ??= Date.now()), { once: true });
  return async (ms) => {
    if (stoppedAt === undefined) return waitUnlessAborted(ms, signal);
    if (Date.now() + ms > stoppedAt + graceMs) return false;
    if (ms > 0) await sleep(ms);
    return true;
  };
}
