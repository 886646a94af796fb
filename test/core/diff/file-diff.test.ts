import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { MalformedPatchError } from "../../../src/core/diff/parse-patch.js";
import { isCommentable } from "../../../src/core/diff/line-index.js";

describe("toFileDiff", () => {
  it("parses the patch of a modified file and indexes its lines", () => {
    const diff = toFileDiff({
      path: "src/a.ts",
      status: "modified",
      patch: "@@ -1,2 +1,2 @@\n a\n-b\n+B",
      additions: 1,
      deletions: 1,
    });
    expect(diff).toMatchObject({ path: "src/a.ts", status: "modified", additions: 1, deletions: 1 });
    expect(diff.hunks).toHaveLength(1);
    expect(isCommentable(diff.lineIndex, "RIGHT", 2)).toBe(true);
    expect(isCommentable(diff.lineIndex, "LEFT", 2)).toBe(true);
    expect("previousPath" in diff).toBe(false);
  });

  it("gives a file without a patch (binary or too large) no hunks and no commentable line", () => {
    const diff = toFileDiff({ path: "logo.png", status: "added", additions: 0, deletions: 0 });
    expect(diff.hunks).toEqual([]);
    expect(diff.lineIndex.right.size).toBe(0);
    expect(diff.lineIndex.left.size).toBe(0);
  });

  it("treats an empty patch like no patch", () => {
    const diff = toFileDiff({ path: "empty.txt", status: "added", patch: "", additions: 0, deletions: 0 });
    expect(diff.hunks).toEqual([]);
  });

  it("keeps a renamed file's new path as `path` and its old path as `previousPath`", () => {
    const diff = toFileDiff({
      path: "src/new-name.ts",
      previousPath: "src/old-name.ts",
      status: "renamed",
      patch: "@@ -3 +3 @@\n-x\n+y",
      additions: 1,
      deletions: 1,
    });
    expect(diff.path).toBe("src/new-name.ts");
    expect(diff.previousPath).toBe("src/old-name.ts");
    expect(isCommentable(diff.lineIndex, "RIGHT", 3)).toBe(true);
  });

  it("keeps a pure rename (no patch) without hunks", () => {
    const diff = toFileDiff({ path: "b.txt", previousPath: "a.txt", status: "renamed", additions: 0, deletions: 0 });
    expect(diff).toMatchObject({ path: "b.txt", previousPath: "a.txt", hunks: [] });
  });

  it("lets a malformed patch's error through", () => {
    expect(() =>
      toFileDiff({ path: "a.txt", status: "modified", patch: "@@ -1,5 +1,5 @@\n a", additions: 0, deletions: 0 }),
    ).toThrow(MalformedPatchError);
  });
});
