import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { limitFileCount, orderByImportance, roleOf } from "../../../src/core/plan/prioritize.js";

const diff = (path: string, changes: number) =>
  toFileDiff({ path, status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", additions: changes, deletions: 0 });

describe("roleOf", () => {
  it.each([
    ["src/cache.ts", "source"],
    ["lib/parser.go", "source"],
    ["src/cache.test.ts", "test"],
    ["pkg/cache_test.go", "test"],
    ["tests/test_cache.py", "test"],
    ["src/__tests__/a.tsx", "test"],
    ["README.md", "docs"],
    ["docs/guide/setup.rst", "docs"],
    ["CHANGELOG", "docs"],
  ] as const)("%s is %s", (path, role) => {
    expect(roleOf(path)).toBe(role);
  });
});

describe("orderByImportance and limitFileCount", () => {
  it("puts source before tests before docs, larger changes first, and lists what the limit leaves out", () => {
    const files = [diff("README.md", 500), diff("src/a.test.ts", 90), diff("src/small.ts", 2), diff("src/big.ts", 80), diff("docs/x.md", 1)];
    const ordered = orderByImportance(files);
    expect(ordered.map((f) => f.path)).toEqual(["src/big.ts", "src/small.ts", "src/a.test.ts", "README.md", "docs/x.md"]);
    const limited = limitFileCount(ordered, 3);
    expect(limited.kept.map((f) => f.path)).toEqual(["src/big.ts", "src/small.ts", "src/a.test.ts"]);
    expect(limited.dropped).toEqual([
      { path: "README.md", reason: "over the limit of 3 files per review (`max_files`); more important files came first" },
      { path: "docs/x.md", reason: "over the limit of 3 files per review (`max_files`); more important files came first" },
    ]);
  });
});
