import { beforeAll, describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { isCommentable, isValidRange } from "../../../src/core/diff/line-index.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import { findDiffProblems } from "./support/diff-consistency.js";
import { diffWorkTree, stageFilePairs, withTempRepo, type FilePair } from "./support/git.js";

const numbered = (count: number, prefix = "line"): string =>
  Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join("");

/** Edits whose patches come from git itself; each is checked line by line against its two files. */
const SCENARIOS: readonly FilePair[] = [
  { name: "modify.txt", before: "a\nb\nc\n", after: "a\nB\nc\n" },
  {
    name: "header-lookalikes.txt",
    before: "keep\n-- a/file.txt\n-- \n---\nkeep 2\n",
    after: "keep\n++ b/file.txt\n++ \n+++\nkeep 2\n",
  },
  { name: "hunk-header-lookalike.txt", before: "@@ -1 +1 @@\nx\n", after: "@@ -1 +1 @@\ny\n@@ -2,0 +3 @@\n" },
  { name: "no-newline-marker-as-text.txt", before: "a\n", after: "\\ No newline at end of file\na\n" },
  { name: "no-final-newline-changed.txt", before: "a\nb", after: "a\nc" },
  { name: "final-newline-added.txt", before: "a\nb", after: "a\nb\n" },
  { name: "final-newline-removed.txt", before: "a\nb\n", after: "a\nb" },
  { name: "crlf.txt", before: "a\r\nb\r\nc\r\n", after: "a\r\nB\r\nc\r\nd\r\n" },
  { name: "crlf-no-final-newline.txt", before: "a\r\nb", after: "a\r\nc" },
  { name: "lone-cr-at-end.txt", before: "a\nb\r", after: "a\nc\r" },
  { name: "crlf-to-lf.txt", before: "a\r\nb\r\n", after: "a\nb\n" },
  { name: "empty-lines.txt", before: "\n\n\nx\n\n\n\n", after: "\n\n\ny\n\n\n\n" },
  { name: "unicode.txt", before: "héllo\n日本語\n🚀\n", after: "héllo\n日本語テキスト\n👨‍👩‍👧\n" },
  { name: "long-lines.txt", before: `${"x".repeat(50_000)}\nshort\n`, after: `${"x".repeat(50_001)}\nshort\n` },
  { name: "created.txt", before: "", after: "a\nb\n" },
  { name: "emptied.txt", before: "a\nb\n", after: "" },
  { name: "two-hunks.txt", before: numbered(30), after: numbered(30).replace("line 2\n", "line two\n").replace("line 25\n", "") },
];

describe("parsing git's own patches", () => {
  const diffs = new Map<string, FileDiff>();
  const patches = new Map<string, string>();

  beforeAll(() => {
    const fromGit = withTempRepo((dir) => {
      stageFilePairs(dir, SCENARIOS);
      return diffWorkTree(dir, { context: 3, algorithm: "myers" });
    });
    for (const scenario of SCENARIOS) {
      const patch = fromGit.get(scenario.name);
      if (patch === undefined) throw new Error(`git shows no diff for ${scenario.name}`);
      patches.set(scenario.name, patch);
      diffs.set(scenario.name, toFileDiff({ path: scenario.name, status: "modified", patch, additions: 0, deletions: 0 }));
    }
  });

  const diffOf = (name: string): FileDiff => {
    const diff = diffs.get(name);
    if (diff === undefined) throw new Error(`no diff for ${name}`);
    return diff;
  };

  it.each(SCENARIOS)("matches both files line for line: $name", ({ name, before, after }) => {
    const diff = diffOf(name);
    expect(findDiffProblems(diff.hunks, diff.lineIndex, before, after), patches.get(name)).toEqual([]);
    expect(diff.lineIndex.right.size + diff.lineIndex.left.size).toBeGreaterThan(0);
  });

  it("reads lines that look like file headers as the lines they are", () => {
    const lines = diffOf("header-lookalikes.txt").hunks.flatMap((hunk) => hunk.lines);
    expect(lines.filter((line) => line.kind === "delete").map((line) => line.text)).toEqual(["-- a/file.txt", "-- ", "---"]);
    expect(lines.filter((line) => line.kind === "add").map((line) => line.text)).toEqual(["++ b/file.txt", "++ ", "+++"]);
  });

  it("does not turn `\\ No newline at end of file` into a line", () => {
    const diff = diffOf("no-final-newline-changed.txt");
    expect(patches.get("no-final-newline-changed.txt")).toContain("\\ No newline at end of file");
    expect(diff.hunks[0]?.lines.map((line) => `${line.kind} ${line.text}`)).toEqual(["context a", "delete b", "add c"]);
  });

  it("drops the `\\r` of CRLF lines but keeps a lone `\\r` ending a file", () => {
    expect(diffOf("crlf.txt").hunks[0]?.lines.map((line) => line.text)).toEqual(["a", "b", "B", "c", "d"]);
    expect(diffOf("lone-cr-at-end.txt").hunks[0]?.lines.map((line) => line.text)).toEqual(["a", "b\r", "c\r"]);
  });

  it("allows ranges within a hunk and refuses them across hunks", () => {
    const { lineIndex, hunks } = diffOf("two-hunks.txt");
    expect(hunks).toHaveLength(2);
    expect(isValidRange(lineIndex, "RIGHT", 1, 5)).toBe(true);
    expect(isCommentable(lineIndex, "RIGHT", 12)).toBe(false);
    expect(isValidRange(lineIndex, "RIGHT", 2, 24)).toBe(false);
    expect(isValidRange(lineIndex, "LEFT", 22, 28)).toBe(true);
  });
});
