import { describe, expect, it } from "vitest";
import { parseQueueEnv } from "../../src/config/queue-env.js";

describe("queue settings", () => {
  it("applies the documented defaults, with no Redis", () => {
    expect(parseQueueEnv({})).toEqual({
      problems: [],
      settings: {
        reviewConcurrency: 4, modelConcurrency: 4, maxWaiting: 1000, shutdownGraceMs: 25_000,
        githubWriteRetries: 4, githubRetryMaxWaitMs: 120_000, githubRetryBaseMs: 1_000, githubRateLimitWaitMs: 60_000, redisPrefix: "pr-reviewer",
        stall: { lockDurationMs: 30_000, stalledIntervalMs: 30_000 },
      },
    });
  });

  it("reads the variables, and names each wrong one", () => {
    expect(
      parseQueueEnv({
        REVIEW_CONCURRENCY: "8", REDIS_URL: "rediss://cache:6380", SHUTDOWN_GRACE_MS: "0", QUEUE_LOCK_DURATION_MS: "5000", QUEUE_STALLED_INTERVAL_MS: "1000",
        GITHUB_RATE_LIMIT_WAIT_MS: "20",
      }).settings,
    ).toMatchObject({
      reviewConcurrency: 8, redisUrl: "rediss://cache:6380", shutdownGraceMs: 0, stall: { lockDurationMs: 5000, stalledIntervalMs: 1000 }, githubRateLimitWaitMs: 20,
    });
    const { problems } = parseQueueEnv({ REVIEW_CONCURRENCY: "0", REDIS_URL: "http://cache", REDIS_PREFIX: "a b", QUEUE_LOCK_DURATION_MS: "500", QUEUE_STALLED_INTERVAL_MS: "x" });
    expect(problems).toEqual([
      expect.stringMatching(/^REVIEW_CONCURRENCY: /),
      "REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379",
      expect.stringMatching(/^QUEUE_LOCK_DURATION_MS: /),
      expect.stringMatching(/^QUEUE_STALLED_INTERVAL_MS: /),
      "REDIS_PREFIX: REDIS_PREFIX may hold letters, digits, '_', '.' and '-'",
    ]);
  });
});
