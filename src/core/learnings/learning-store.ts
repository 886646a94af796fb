import type { Learning } from "./learning.js";

/**
 * Where learnings live, per repository (`owner/name`, lower case): a file under DATA_DIR on one replica, Redis
 * when several share REDIS_URL. Also remembers one-off facts ("this person was told they may not run commands on
 * this pull request") so the app says a thing once, whichever replica hears it.
 */
export interface LearningStore {
  list(repository: string): Promise<Learning[]>;
  /** Adds the learning, or replaces the one with the same id (the newest feedback on a lesson wins). */
  save(repository: string, learning: Learning): Promise<void>;
  /** Drops a learning; answers what was dropped, or undefined when there was no such id. */
  forget(repository: string, id: string): Promise<Learning | undefined>;
  /** True the first time `key` is given (atomically, across replicas for Redis), false after, until `ttlSeconds` pass. */
  firstTime(key: string, ttlSeconds: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The store's key of a repository: GitHub treats owner and name case-insensitively. */
export function repositoryKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}
