import type { Learning } from "../../core/learnings/learning.js";
import type { LearningStore } from "../../core/learnings/learning-store.js";

/**
 * A store that lives as long as its process: the Action's when the workflow gives it no DATA_DIR. What it keeps
 * is per run — lessons learnt from 👍/👎 are read again from GitHub by every run, while a lesson from a conceded
 * answer, a `/forget` and "said once" notes last for the run only.
 */
export function createMemoryLearningStore(now: () => number = Date.now): LearningStore {
  const repositories = new Map<string, Learning[]>();
  const once = new Map<string, number>();
  return {
    async list(repository) {
      return [...(repositories.get(repository) ?? [])];
    },
    async save(repository, learning) {
      repositories.set(repository, [...(repositories.get(repository) ?? []).filter((entry) => entry.id !== learning.id), learning]);
    },
    async forget(repository, id) {
      const list = repositories.get(repository) ?? [];
      const found = list.find((entry) => entry.id === id);
      if (found !== undefined) repositories.set(repository, list.filter((entry) => entry !== found));
      return found;
    },
    async firstTime(key, ttlSeconds) {
      const expires = once.get(key);
      if (expires !== undefined && expires > now()) return false;
      once.set(key, now() + ttlSeconds * 1000);
      return true;
    },
    async close() {},
  };
}
