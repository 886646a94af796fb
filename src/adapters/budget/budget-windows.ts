import { Redis } from "ioredis";
import { DAY_WINDOW, HOUR_WINDOW, type RollingWindow } from "../../core/budget/rolling-window.js";
import type { Logger } from "../../core/ports.js";
import { createMemoryRollingWindow } from "./memory-rolling-window.js";
import { createRedisRollingWindow } from "./redis-rolling-window.js";

export interface BudgetWindows {
  /** Model tokens per owner over the last 24 hours (INSTALLATION_DAILY_TOKEN_BUDGET). */
  readonly tokens: RollingWindow;
  /** Model-spending commands per person and installation over the last hour (PERSON_HOURLY_COMMAND_LIMIT). */
  readonly commands: RollingWindow;
  readonly backend: "memory" | "redis";
  close(): Promise<void>;
}

export interface BudgetWindowOptions {
  /** With Redis every replica counts against the same budgets; without it, this process alone. */
  readonly redisUrl?: string;
  /** The deployment's key prefix (REDIS_PREFIX). */
  readonly prefix: string;
  readonly log: Logger;
  readonly now?: () => number;
}

/** Where the budgets' usage is kept: Redis when the deployment has one, this process's memory otherwise. */
export function createBudgetWindows(options: BudgetWindowOptions): BudgetWindows {
  const now = options.now ?? Date.now;
  if (options.redisUrl === undefined) {
    return { tokens: createMemoryRollingWindow(DAY_WINDOW, now), commands: createMemoryRollingWindow(HOUR_WINDOW, now), backend: "memory", close: async () => undefined };
  }
  // A budget command fails after a few tries when Redis is down, rather than holding the job (or, for a charge after a
  // model call, the review) for as long as Redis stays away: a charge that fails is logged and the review goes on.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  redis.on("error", (error: unknown) => options.log.error({ err: error, connection: "budgets" }, "Redis connection error"));
  return {
    tokens: createRedisRollingWindow({ redis, prefix: `${options.prefix}:budget:tokens`, shape: DAY_WINDOW, now }),
    commands: createRedisRollingWindow({ redis, prefix: `${options.prefix}:budget:commands`, shape: HOUR_WINDOW, now }),
    backend: "redis",
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
