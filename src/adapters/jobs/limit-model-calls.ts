import type { ChatModel, ReviewModel } from "../../core/ports.js";

/** Slots for model calls shared by reviews and answers: at most `limit` calls run at once in this process. */
export interface ModelCallSlots {
  run<T>(call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
}

/**
 * At most `limit` model calls at once across all reviews and answers of this process: the model endpoint's own
 * limit (e.g. NVIDIA's ~40 requests/min) is tighter than the number of reviews worth running side by side, and a
 * review spends most of its time outside model calls (GitHub requests). A call waiting for a slot gives up when
 * its job is aborted.
 */
export function modelCallSlots(limit: number): ModelCallSlots {
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
    async run(call, signal) {
      await acquire(signal);
      try {
        return await call();
      } finally {
        release();
      }
    },
  };
}

export function limitModelCalls(model: ReviewModel, slots: ModelCallSlots): ReviewModel {
  return {
    name: model.name,
    ...(model.callLimits !== undefined ? { callLimits: model.callLimits } : {}),
    review: (messages, signal, tools) => slots.run(() => model.review(messages, signal, tools), signal),
  };
}

export function limitChatCalls(model: ChatModel, slots: ModelCallSlots): ChatModel {
  return { name: model.name, answer: (messages, signal) => slots.run(() => model.answer(messages, signal), signal) };
}
