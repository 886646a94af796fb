import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryRollingWindow } from "../../../src/adapters/budget/memory-rolling-window.js";
import { createRedisRollingWindow } from "../../../src/adapters/budget/redis-rolling-window.js";
import { DAY_WINDOW, type RollingWindow, type WindowShape } from "../../../src/core/budget/rolling-window.js";
import { startTestRedis } from "../../helpers/redis-server.js";

const redis = await startTestRedis();
if (redis.url === undefined) console.warn(`Skipping the Redis rolling-window tests: ${redis.skipReason}`);
const connections: Redis[] = [];
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  if (redis.url !== undefined) await redis.stop();
});

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A clock the test moves; every replica of a test reads the same one. */
function clock(start = T0): { now: () => number; advance(ms: number): void; set(at: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms), set: (value) => (at = value) };
}

type MakeWindows = (shape: WindowShape, now: () => number) => { replica: () => RollingWindow };

const memory: MakeWindows = (shape, now) => {
  const window = createMemoryRollingWindow(shape, now);
  return { replica: () => window };
};

const onRedis: MakeWindows = (shape, now) => {
  const prefix = `test-${randomUUID()}:budget`;
  return {
    replica: () => {
      const connection = new Redis(redis.url ?? "");
      connections.push(connection);
      return createRedisRollingWindow({ redis: connection, prefix, shape, now });
    },
  };
};

const backends: Array<[string, MakeWindows, boolean]> = [
  ["in memory", memory, false],
  ["in Redis", onRedis, redis.url === undefined],
];

describe.each(backends)("the rolling window %s", (_name, make, skip) => {
  it.skipIf(skip)("sums a day's tokens and rolls: usage leaves the window 24 hours after its minute, oldest first", async () => {
    const time = clock();
    const ledger = make(DAY_WINDOW, time.now).replica();
    await ledger.add("installation:1", 600);
    time.advance(2 * HOUR);
    await ledger.add("installation:1", 500);
    await ledger.add("installation:2", 5);
    expect(await ledger.check("installation:1", 1000, 1)).toEqual({ allowed: false, used: 1100, freesAt: T0 + 24 * HOUR + MINUTE });
    expect(await ledger.check("installation:2", 1000, 1)).toEqual({ allowed: true, used: 5 });

    time.set(T0 + 24 * HOUR + MINUTE - 1);
    expect(await ledger.check("installation:1", 1000, 1)).toMatchObject({ allowed: false, used: 1100 });
    time.set(T0 + 24 * HOUR + MINUTE);
    expect(await ledger.check("installation:1", 1000, 1)).toEqual({ allowed: true, used: 500 });
    time.set(T0 + 26 * HOUR + MINUTE);
    expect(await ledger.check("installation:1", 1000, 1)).toEqual({ allowed: true, used: 0 });
  });

  it.skipIf(skip)("adds only what fits with tryAdd, and tells when the next fits", async () => {
    const time = clock();
    const window = make({ windowMs: HOUR, bucketMs: MINUTE }, time.now).replica();
    expect(await window.tryAdd("1:octocat", 1, 2)).toEqual({ allowed: true, used: 0 });
    time.advance(10 * MINUTE);
    expect(await window.tryAdd("1:octocat", 1, 2)).toEqual({ allowed: true, used: 1 });
    expect(await window.tryAdd("1:octocat", 1, 2)).toEqual({ allowed: false, used: 2, freesAt: T0 + HOUR + MINUTE });
    expect(await window.check("1:octocat", 2, 1)).toEqual({ allowed: false, used: 2, freesAt: T0 + HOUR + MINUTE });
    time.set(T0 + HOUR + MINUTE);
    expect(await window.tryAdd("1:octocat", 1, 2)).toEqual({ allowed: true, used: 1 });
  });

  it.skipIf(skip)("lets exactly `limit` of many simultaneous tryAdds through, across replicas", async () => {
    const time = clock();
    const windows = make({ windowMs: HOUR, bucketMs: MINUTE }, time.now);
    const first = windows.replica();
    const replicas = [first, windows.replica(), windows.replica()];
    const results = await Promise.all(replicas.flatMap((replica) => Array.from({ length: 20 }, () => replica.tryAdd("1:octocat", 1, 10))));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(await first.check("1:octocat", 10, 1)).toMatchObject({ allowed: false, used: 10 });
  });
});

describe.skipIf(redis.url === undefined)("the rolling window in Redis", () => {
  it("is one budget for every replica: usage charged on one is seen by the other", async () => {
    const time = clock();
    const windows = onRedis(DAY_WINDOW, time.now);
    const a = windows.replica();
    const b = windows.replica();
    await a.add("installation:9", 700);
    await b.add("installation:9", 400);
    expect(await b.check("installation:9", 1000, 1)).toMatchObject({ allowed: false, used: 1100 });
    expect(await a.check("installation:9", 1000, 1)).toMatchObject({ allowed: false, used: 1100 });
  });

  it("keeps one hash per owner that expires when its newest minute leaves the window, and deletes expired minutes", async () => {
    const time = clock();
    const connection = new Redis(redis.url ?? "");
    connections.push(connection);
    const prefix = `test-${randomUUID()}:budget:tokens`;
    const ledger = createRedisRollingWindow({ redis: connection, prefix, shape: DAY_WINDOW, now: time.now });
    await ledger.add("installation:3", 10);
    time.advance(30 * HOUR);
    await ledger.add("installation:3", 20);
    expect(await connection.hgetall(`${prefix}:installation:3`)).toEqual({ [String(T0 + 30 * HOUR)]: "20" });
    const ttl = await connection.pttl(`${prefix}:installation:3`);
    expect(ttl).toBeGreaterThan(24 * HOUR);
    expect(ttl).toBeLessThanOrEqual(24 * HOUR + 2 * MINUTE);
  });
});
