import { Redis } from "ioredis";
import { z } from "zod";
import { LearningSchema, type Learning } from "../../core/learnings/learning.js";
import type { LearningStore } from "../../core/learnings/learning-store.js";
import type { Logger } from "../../core/ports.js";

export interface RedisStoreOptions {
  readonly redisUrl: string;
  /** REDIS_PREFIX: several deployments can share one Redis. */
  readonly prefix: string;
  readonly log: Logger;
}

/** Reads and deletes a hash field in one step, so two replicas forgetting the same learning drop it once. */
const TAKE_FIELD = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
return value
`;

const TakenSchema = z.string().nullable();

/**
 * The store every replica shares when REDIS_URL is set: a hash of learnings per repository (field = learning id,
 * so saving the same lesson again replaces it), and `SET NX EX` for things said once.
 */
export function createRedisLearningStore(options: RedisStoreOptions): LearningStore {
  const { log, prefix } = options;
  // Connected on first use: a replica that never learns or suppresses anything holds no connection for it.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: true });
  redis.on("error", (error: unknown) => log.error({ err: error, connection: "learnings" }, "Redis connection error"));
  const learningsKey = (repository: string): string => `${prefix}:learnings:${repository}`;

  const parse = (text: string, repository: string): Learning | undefined => {
    try {
      const parsed = LearningSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      log.warn({ repository, problem: parsed.error.message }, "unreadable learning in Redis skipped");
    } catch (error) {
      log.warn({ repository, err: error }, "unreadable learning in Redis skipped");
    }
    return undefined;
  };

  return {
    async list(repository) {
      const values = await redis.hvals(learningsKey(repository));
      return values.flatMap((text) => parse(text, repository) ?? []);
    },

    async save(repository, learning) {
      await redis.hset(learningsKey(repository), learning.id, JSON.stringify(learning));
    },

    async forget(repository, id) {
      const taken = TakenSchema.parse(await redis.eval(TAKE_FIELD, 1, learningsKey(repository), id));
      return taken === null ? undefined : parse(taken, repository);
    },

    async firstTime(key, ttlSeconds) {
      return (await redis.set(`${prefix}:once:${key}`, "1", "EX", Math.max(1, Math.round(ttlSeconds)), "NX")) === "OK";
    },

    async close() {
      // Closing twice (a server stopped twice), or never connected: nothing to do.
      if (redis.status === "end" || redis.status === "wait") return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
