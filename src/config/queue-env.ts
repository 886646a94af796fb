import { z } from "zod";
import { emptyToUndefined } from "./env-values.js";

const positiveInt = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));

/** How much work runs at once, how long it may take, and where the queue lives. */
export const QueueEnvSchema = z
  .object({
    REVIEW_CONCURRENCY: positiveInt(4),
    MODEL_CONCURRENCY: positiveInt(4),
    QUEUE_MAX_WAITING: positiveInt(1000),
    SHUTDOWN_GRACE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(25_000)),
    GITHUB_WRITE_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(4)),
    GITHUB_RETRY_MAX_WAIT_MS: positiveInt(120_000),
    GITHUB_RETRY_BASE_MS: positiveInt(1_000),
    // GitHub: "wait for at least one minute" after a secondary rate limit that names no time.
    GITHUB_RATE_LIMIT_WAIT_MS: positiveInt(60_000),
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .url({ protocol: /^rediss?$/, message: "REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379" })
        .optional(),
    ),
    // A dead replica's review is taken over within about QUEUE_LOCK_DURATION_MS + 2 × QUEUE_STALLED_INTERVAL_MS.
    QUEUE_LOCK_DURATION_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).default(30_000)),
    QUEUE_STALLED_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(30_000)),
    REDIS_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[\w.-]+$/, "REDIS_PREFIX may hold letters, digits, '_', '.' and '-'").default("pr-reviewer")),
  })
  .transform((env) => ({
    reviewConcurrency: env.REVIEW_CONCURRENCY,
    modelConcurrency: env.MODEL_CONCURRENCY,
    maxWaiting: env.QUEUE_MAX_WAITING,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    githubWriteRetries: env.GITHUB_WRITE_RETRIES,
    githubRetryMaxWaitMs: env.GITHUB_RETRY_MAX_WAIT_MS,
    githubRetryBaseMs: env.GITHUB_RETRY_BASE_MS,
    githubRateLimitWaitMs: env.GITHUB_RATE_LIMIT_WAIT_MS,
    redisPrefix: env.REDIS_PREFIX,
    stall: { lockDurationMs: env.QUEUE_LOCK_DURATION_MS, stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS },
    ...(env.REDIS_URL !== undefined ? { redisUrl: env.REDIS_URL } : {}),
  }));

export type QueueSettings = z.output<typeof QueueEnvSchema>;

export function parseQueueEnv(env: Readonly<Record<string, string | undefined>>): { settings?: QueueSettings; problems: string[] } {
  const parsed = QueueEnvSchema.safeParse(env);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}
