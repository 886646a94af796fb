import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import { placeFindings } from "../../../src/core/findings/place-findings.js";
import type { Finding } from "../../../src/core/findings/review-tool.js";
import { diffWorkTree, stageFilePairs, withTempRepo } from "../diff/support/git.js";

const before = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"];
const after = [...before];
after[1] = "TWO";
after.splice(12, 0, "twelve and a half");

/** The diff of a real file edit, taken from git: hunk 0 covers new lines 1-5, hunk 1 covers new lines 10-16. */
const files: ReadonlyMap<string, FileDiff> = withTempRepo((dir) => {
  stageFilePairs(dir, [{ name: "a.txt", before: `${before.join("\n")}\n`, after: `${after.join("\n")}\n` }]);
  const patch = diffWorkTree(dir, { context: 3, algorithm: "myers" }).get("a.txt");
  if (patch === undefined) throw new Error("git produced no diff");
  const diff = toFileDiff({ path: "a.txt", status: "modified", patch, additions: 2, deletions: 1 });
  return new Map([[diff.path, diff]]);
});

const finding = (over: Partial<Finding>): Finding => ({ path: "a.txt", line: 2, severity: "major", body: "b", ...over });

describe("placeFindings", () => {
  it("checks the hunks git produced", () => {
    const hunks = files.get("a.txt")?.hunks ?? [];
    expect(hunks.map((h) => [h.newStart, h.newLines])).toEqual([[1, 5], [10, 7]]);
  });

  it.each([
    ["an added line", finding({ line: 2 }), { line: 2 }],
    ["a context line", finding({ line: 5 }), { line: 5 }],
    ["a range inside one hunk", finding({ start_line: 11, line: 13 }), { line: 13, startLine: 11 }],
    ["a path with ./", finding({ path: "./a.txt", line: 13 }), { line: 13 }],
    ["a path with the diff's b/", finding({ path: "b/a.txt", line: 13 }), { line: 13 }],
    ["a range across hunks, narrowed to its last line", finding({ start_line: 2, line: 13 }), { line: 13 }],
    ["a range with start after end, narrowed", finding({ start_line: 14, line: 13 }), { line: 13 }],
    ["a range with start equal to end, narrowed", finding({ start_line: 13, line: 13 }), { line: 13 }],
  ])("places %s inline on the RIGHT side", (_name, input, expected) => {
    const { inline, unplaced } = placeFindings([input], files);
    expect(unplaced).toEqual([]);
    expect(inline).toEqual([{ path: "a.txt", side: "RIGHT", finding: input, ...expected }]);
  });

  it.each([
    ["a line between hunks", finding({ line: 7 }), /line 7 of `a.txt` is not a line of the diff/],
    ["a line past the end", finding({ line: 99 }), /line 99/],
    ["a file not in the pull request", finding({ path: "b.txt" }), /`b.txt` is not one of the reviewed files/],
  ])("keeps %s out of the inline comments, with the reason", (_name, input, reason) => {
    const { inline, unplaced } = placeFindings([input], files);
    expect(inline).toEqual([]);
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0]?.reason).toMatch(reason);
  });

  it("posts a finding repeated by the model once", () => {
    const { inline } = placeFindings([finding({ line: 2 }), finding({ line: 2, severity: "minor" })], files);
    expect(inline).toHaveLength(1);
  });
});
