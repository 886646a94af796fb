import { pathMatcher } from "../diff/path-glob.js";
import type { SkippedFile } from "../diff/select-files.js";
import type { FileDiff } from "../diff/types.js";

/** What a file is for, in the order a reviewer with little time reads them: code first, then its tests, then prose. */
export type FileRole = "source" | "test" | "docs";

const ROLE_ORDER: Readonly<Record<FileRole, number>> = { source: 0, test: 1, docs: 2 };

const TEST_PATTERNS = [
  "**/test/**", "**/tests/**", "**/__tests__/**", "**/spec/**", "**/e2e/**", "**/testdata/**", "**/fixtures/**",
  "*.test.*", "*.spec.*", "*_test.*", "*_spec.*", "test_*.py", "*Test.java", "*Tests.java", "*Test.kt", "*Tests.cs",
].map(pathMatcher);

const DOCS_PATTERNS = [
  "**/docs/**", "**/doc/**", "*.md", "*.mdx", "*.markdown", "*.rst", "*.adoc", "*.txt",
  "LICENSE*", "CHANGELOG*", "AUTHORS*", "NOTICE*",
].map(pathMatcher);

export function roleOf(path: string): FileRole {
  if (TEST_PATTERNS.some((matches) => matches(path))) return "test";
  if (DOCS_PATTERNS.some((matches) => matches(path))) return "docs";
  return "source";
}

/** Source before tests before docs; within a role the larger change first; then by path, so the order is stable. */
export function orderByImportance(files: readonly FileDiff[]): FileDiff[] {
  const keyed = files.map((file) => ({ file, role: ROLE_ORDER[roleOf(file.path)], size: file.additions + file.deletions }));
  keyed.sort((a, b) => a.role - b.role || b.size - a.size || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  return keyed.map((k) => k.file);
}

export interface FileLimit {
  readonly kept: readonly FileDiff[];
  readonly dropped: readonly SkippedFile[];
}

/** Keeps the first `maxFiles` of files already in order of importance; the rest are reported, never lost. */
export function limitFileCount(ordered: readonly FileDiff[], maxFiles: number): FileLimit {
  const reason = `over the limit of ${maxFiles} files per review (\`max_files\`); more important files came first`;
  return {
    kept: ordered.slice(0, maxFiles),
    dropped: ordered.slice(maxFiles).map((file) => ({ path: file.path, reason })),
  };
}
