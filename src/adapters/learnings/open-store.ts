import type { LearningStore } from "../../core/learnings/learning-store.js";
import type { Logger } from "../../core/ports.js";
import { createFileLearningStore } from "./file-store.js";
import { createRedisLearningStore } from "./redis-store.js";

export interface LearningStoreSettings {
  readonly dataDir: string;
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
}

/** Redis when REDIS_URL is set (every replica sees the same learnings), else a file in DATA_DIR (one replica). */
export function openLearningStore(settings: LearningStoreSettings, log: Logger): LearningStore {
  if (settings.redisUrl !== undefined) return createRedisLearningStore({ redisUrl: settings.redisUrl, prefix: settings.redisPrefix, log });
  return createFileLearningStore({ dataDir: settings.dataDir, log });
}
