import { describe, expect, it } from "vitest";
import { selectFiles } from "../../../src/core/diff/select-files.js";
import type { ChangedFile } from "../../../src/core/diff/types.js";

const patch = "@@ -1,1 +1,2 @@\n a\n+b";
const file = (path: string, over: Partial<ChangedFile> = {}): ChangedFile => ({ path, status: "modified", patch, additions: 1, deletions: 0, ...over });

describe("selectFiles", () => {
  it("keeps files with a diff and explains every file it skips", () => {
    const { reviewable, skipped } = selectFiles(
      [
        file("src/a.ts"),
        file("gone.ts", { status: "removed", patch: "@@ -1 +0,0 @@\n-x" }),
        file("logo.png", { patch: undefined as never }),
        file("moved.ts", { status: "renamed", previousPath: "old.ts", patch: "" }),
        file("mode.sh", { patch: "" }),
        file("bad.ts", { patch: "not a diff" }),
      ].map((f) => (f.path === "logo.png" ? { path: f.path, status: f.status, additions: 0, deletions: 0 } : f)),
      [],
    );
    expect(reviewable.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(Object.fromEntries(skipped.map((s) => [s.path, s.reason]))).toEqual({
      "gone.ts": "deleted",
      "logo.png": "binary, or too large for GitHub to show its diff",
      "moved.ts": "renamed without changes",
      "mode.sh": "no content changes",
      "bad.ts": expect.stringMatching(/^its diff could not be parsed/),
    });
  });

  it.each([
    [["docs/**"], "docs/guide/intro.md", "ignored by `docs/**`"],
    [["*.lock"], "deep/dir/yarn.lock", "ignored by `*.lock`"],
    [["**/*.snap"], "src/__snapshots__/a.test.ts.snap", "ignored by `**/*.snap`"],
    [[".github/**"], ".github/workflows/ci.yml", "ignored by `.github/**`"],
  ])("ignores by %j: %s", (patterns, path, reason) => {
    const { reviewable, skipped } = selectFiles([file(path)], patterns);
    expect(reviewable).toEqual([]);
    expect(skipped).toEqual([{ path, reason }]);
  });

  it("lets a later `!pattern` re-include a file, and a later pattern exclude it again", () => {
    const files = [file("a.lock"), file("keep.lock"), file("src/x.ts")];
    expect(selectFiles(files, ["*.lock", "!keep.lock"]).reviewable.map((f) => f.path)).toEqual(["keep.lock", "src/x.ts"]);
    expect(selectFiles(files, ["*.lock", "!keep.lock", "keep.*"]).reviewable.map((f) => f.path)).toEqual(["src/x.ts"]);
  });
});
