import { admit, bucketStart, isLive, type Bucket, type RollingWindow, type WindowShape } from "../../core/budget/rolling-window.js";

/**
 * A rolling window in this process: right for one replica (it starts empty after a restart, so a restart
 * forgives the day's usage). Several replicas keep it in Redis instead.
 */
export function createMemoryRollingWindow(shape: WindowShape, now: () => number = Date.now): RollingWindow {
  const byKey = new Map<string, Map<number, number>>();

  const liveBuckets = (key: string): Bucket[] => {
    const buckets = byKey.get(key);
    if (buckets === undefined) return [];
    const at = now();
    for (const start of buckets.keys()) if (!isLive({ start }, at, shape)) buckets.delete(start);
    if (buckets.size === 0) byKey.delete(key);
    return [...buckets].map(([start, amount]) => ({ start, amount }));
  };
  const add = (key: string, amount: number): void => {
    const buckets = byKey.get(key) ?? new Map<number, number>();
    const start = bucketStart(now(), shape);
    buckets.set(start, (buckets.get(start) ?? 0) + amount);
    byKey.set(key, buckets);
  };

  return {
    async add(key, amount) {
      liveBuckets(key);
      add(key, amount);
    },
    async check(key, limit, need) {
      return admit(liveBuckets(key), limit, need, shape);
    },
    async tryAdd(key, amount, limit) {
      const admission = admit(liveBuckets(key), limit, amount, shape);
      if (admission.allowed) add(key, amount);
      return admission;
    },
  };
}
