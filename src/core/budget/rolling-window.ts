/**
 * Usage over a rolling window (the last 24 hours of tokens, the last hour of commands), kept as buckets of a
 * fixed length: a few hundred numbers per key whatever the traffic, and the same arithmetic in memory and in
 * a Redis script. A bucket counts until its own end plus the window, so an amount is never forgotten early;
 * at most one bucket's length late.
 */
export interface WindowShape {
  readonly windowMs: number;
  readonly bucketMs: number;
}

export const DAY_WINDOW: WindowShape = { windowMs: 24 * 3600_000, bucketMs: 60_000 };
export const HOUR_WINDOW: WindowShape = { windowMs: 3600_000, bucketMs: 60_000 };

export interface Bucket {
  /** Epoch milliseconds, a multiple of the bucket length. */
  readonly start: number;
  readonly amount: number;
}

export type Admission =
  | { readonly allowed: true; readonly used: number }
  /** `freesAt`: epoch milliseconds when enough of the oldest usage has left the window for `need` to fit. */
  | { readonly allowed: false; readonly used: number; readonly freesAt: number };

/**
 * Where usage is kept: in this process, or in Redis for every replica. Every operation prunes what left the
 * window first.
 */
export interface RollingWindow {
  /** Adds to the key's usage unconditionally (what a model call really spent). */
  add(key: string, amount: number): Promise<void>;
  /** Whether `need` more fits under `limit` now, without adding it. */
  check(key: string, limit: number, need: number): Promise<Admission>;
  /** Adds `amount` only when it fits under `limit`, in one step (no two replicas can both take the last unit). */
  tryAdd(key: string, amount: number, limit: number): Promise<Admission>;
}

export function bucketStart(now: number, shape: WindowShape): number {
  return now - (now % shape.bucketMs);
}

export function expiresAt(bucket: Pick<Bucket, "start">, shape: WindowShape): number {
  return bucket.start + shape.bucketMs + shape.windowMs;
}

export function isLive(bucket: Pick<Bucket, "start">, now: number, shape: WindowShape): boolean {
  return expiresAt(bucket, shape) > now;
}

/** Whether `need` fits under `limit` given the live buckets, and if not, when it will. */
export function admit(buckets: readonly Bucket[], limit: number, need: number, shape: WindowShape): Admission {
  const used = buckets.reduce((sum, bucket) => sum + bucket.amount, 0);
  if (used + need <= limit) return { allowed: true, used };
  const oldestFirst = [...buckets].sort((a, b) => a.start - b.start);
  let remaining = used;
  for (const bucket of oldestFirst) {
    remaining -= bucket.amount;
    if (remaining + need <= limit) return { allowed: false, used, freesAt: expiresAt(bucket, shape) };
  }
  // More than the whole limit at once never fits; it is refused until the window is empty, and again after.
  const newest = oldestFirst.at(-1);
  return { allowed: false, used, freesAt: newest === undefined ? 0 : expiresAt(newest, shape) };
}
