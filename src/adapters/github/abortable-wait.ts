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
