import type { ReviewModel } from "../../core/ports.js";

/**
 * At most `limit` model calls at once across all reviews of this process: the model endpoint's own limit
 * (e.g. NVIDIA's ~40 requests/min) is tighter than the number of reviews worth running side by side, and a
 * review spends most of its time outside model calls (GitHub requests). A call waiting for a slot gives up
 * when its review is aborted.
 */
export function limitModelCalls(model: ReviewModel, limit: number): ReviewModel {
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = (signal: AbortSignal | undefined): Promise<void> => {
    if (active < limit) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener("abort", onAbort);
        active += 1;
        resolve();
      };
      const onAbort = (): void => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason);
      };
      if (signal?.aborted === true) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      waiting.push(grant);
    });
  };
  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };

  return {
    name: model.name,
    ...(model.callLimits !== undefined ? { callLimits: model.callLimits } : {}),
    async review(messages, signal, tools) {
      await acquire(signal);
      try {
        return await model.review(messages, signal, tools);
      } finally {
        release();
      }
    },
  };
}
