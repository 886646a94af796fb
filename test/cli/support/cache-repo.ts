import { numberedLines } from "../../helpers/git-patch.js";
import { createTempRepo, type TempRepo } from "../../helpers/temp-repo.js";

/** src/cache.ts before the change: 30 numbered lines. */
export const CACHE_BEFORE = numberedLines(30);
/** After: line 10 rewritten, two lines inserted after line 20 (as the e2e scenario's CACHE_PATCH). */
export const CACHE_AFTER = numberedLines(30, (n) => (n === 10 ? "return cache.get(key)!;" : n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : `line ${n}`));

export const FINDINGS = [
  { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key.", suggestion: "return cache.get(key) ?? load(key);" },
  { path: "src/cache.ts", start_line: 21, line: 22, severity: "minor", title: "Assignment instead of comparison", body: "`entry = null` assigns." },
] as const;

/** A repository whose `main` has src/cache.ts and whose branch `cache` changes it in one commit. */
export function cacheRepo(): TempRepo {
  const repo = createTempRepo("main");
  repo.write("src/cache.ts", CACHE_BEFORE);
  repo.write("README.md", "# Widgets\n");
  repo.commit("Start");
  repo.git("checkout", "--quiet", "-b", "cache");
  repo.write("src/cache.ts", CACHE_AFTER);
  repo.commit("Cache lookups");
  return repo;
}
