import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import { placeFindings, type PlaceableFinding } from "../../../src/core/findings/place-findings.js";
import { gitPatch } from "../../helpers/git-patch.js";

const before = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"];
const after = [...before];
after[1] = "TWO";
after.splice(12, 0, "twelve and a half");

/** git's diff of a real edit: hunk 0 covers new lines 1–5 (old 1–5, "two" deleted at old 2), hunk 1 new lines 10–16. */
const patch = gitPatch(`${before.join("\n")}\n`, `${after.join("\n")}\n`);
const diff = toFileDiff({ path: "a.txt", status: "modified", patch, additions: 2, deletions: 1 });
const files: ReadonlyMap<string, FileDiff> = new Map([[diff.path, diff]]);

const finding = (over: Partial<PlaceableFinding>): PlaceableFinding => ({ path: "a.txt", line: 2, severity: "major", body: "b", ...over });

describe("placeFindings", () => {
  it("checks the hunks git produced", () => {
    expect(diff.hunks.map((h) => [h.newStart, h.newLines, h.oldStart, h.oldLines])).toEqual([[1, 5, 1, 5], [10, 7, 10, 6]]);
  });

  it.each([
    ["an added line", finding({ line: 2 }), { side: "RIGHT", line: 2 }],
    ["a context line", finding({ line: 5 }), { side: "RIGHT", line: 5 }],
    ["a range inside one hunk", finding({ start_line: 11, line: 13 }), { side: "RIGHT", line: 13, startLine: 11 }],
    ["a path with ./", finding({ path: "./a.txt", line: 13 }), { side: "RIGHT", line: 13 }],
    ["a path with the diff's b/", finding({ path: "b/a.txt", line: 13 }), { side: "RIGHT", line: 13 }],
    ["a range across hunks, narrowed to its last line", finding({ start_line: 2, line: 13 }), { side: "RIGHT", line: 13 }],
    ["a range with start after end, narrowed", finding({ start_line: 14, line: 13 }), { side: "RIGHT", line: 13 }],
    ["a range with start equal to end, narrowed", finding({ start_line: 13, line: 13 }), { side: "RIGHT", line: 13 }],
    ["a deleted line (LEFT, old-file number)", finding({ side: "LEFT", line: 2 }), { side: "LEFT", line: 2 }],
    ["a LEFT range in one hunk", finding({ side: "LEFT", start_line: 1, line: 3 }), { side: "LEFT", line: 3, startLine: 1 }],
    ["a line off by a few, re-anchored by its quoted code", finding({ line: 4, code: "  TWO " }), { side: "RIGHT", line: 2, movedFrom: 4 }],
    ["a line outside the hunks whose code is in the nearest hunk", finding({ line: 8, code: "twelve and a half" }), { side: "RIGHT", line: 13, movedFrom: 8 }],
    ["a line whose quoted code is nowhere, kept where cited", finding({ line: 3, code: "not there" }), { side: "RIGHT", line: 3 }],
  ])("places %s inline", (_name, input, expected) => {
    const { inline, unplaced, dropped } = placeFindings([input], files);
    expect(unplaced).toEqual([]);
    expect(dropped).toEqual([]);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatchObject({ path: "a.txt", finding: input, ...expected });
    expect(inline[0]?.startLine).toBe("startLine" in expected ? expected.startLine : undefined);
  });

  it.each([
    ["a line between hunks", finding({ line: 7 }), /line 7 of `a.txt` is outside the diff/],
    ["a line past the end", finding({ line: 99 }), /line 99/],
    ["a line between hunks whose quoted code is elsewhere in the file", finding({ line: 7, code: "seven" }), /line 7/],
  ])("puts %s into the review body, with the reason", (_name, input, reason) => {
    const { inline, unplaced } = placeFindings([input], files);
    expect(inline).toEqual([]);
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0]?.reason).toMatch(reason);
  });

  it("drops a finding on a file the review did not cover, saying why", () => {
    const { inline, unplaced, dropped } = placeFindings([finding({ path: "b.txt" })], files);
    expect([inline, unplaced]).toEqual([[], []]);
    expect(dropped[0]?.reason).toMatch(/`b.txt` is not one of the reviewed files/);
  });

  it("finds a renamed file by its old name", () => {
    const renamed = toFileDiff({ path: "new.txt", previousPath: "old.txt", status: "renamed", patch, additions: 2, deletions: 1 });
    const { inline } = placeFindings([finding({ path: "old.txt" })], new Map([["new.txt", renamed]]));
    expect(inline[0]?.path).toBe("new.txt");
  });

  it("keeps LEFT-side findings out of the inline comments of an incremental review", () => {
    const { inline, unplaced } = placeFindings([finding({ side: "LEFT", line: 2 })], files, { allowLeft: false });
    expect(inline).toEqual([]);
    expect(unplaced[0]?.reason).toMatch(/deleted line/);
  });

  it.each([
    ["replaces the single line", finding({ line: 2, suggestion: "Two" }), true],
    ["replaces a range with more lines", finding({ start_line: 12, line: 13, suggestion: "twelve\ntwelve and a quarter\ntwelve and three quarters" }), true],
    ["is on the LEFT side", finding({ side: "LEFT", line: 2, suggestion: "two" }), false],
    ["repeats the line before the range", finding({ line: 2, suggestion: "one\nTwo" }), false],
    ["repeats the line after the range", finding({ line: 2, suggestion: "Two\nthree" }), false],
    ["changes nothing", finding({ line: 2, suggestion: "  TWO" }), false],
    ["is far longer than the range", finding({ line: 2, suggestion: Array.from({ length: 30 }, (_, i) => `x${i}`).join("\n") }), false],
  ])("offers a committable suggestion only when it %s → %s", (_name, input, committable) => {
    expect(placeFindings([input], files).inline[0]?.committableSuggestion).toBe(committable);
  });

  it("gives findings on the same code and title the same fingerprint, wherever the model cites them", () => {
    const { inline } = placeFindings([finding({ line: 2, title: "Shouting" }), finding({ line: 4, code: "TWO", title: "Shouting" })], files);
    expect(inline[0]?.fingerprint).toMatch(/^[0-9a-f]{14}$/);
    expect(inline[1]?.fingerprint).toBe(inline[0]?.fingerprint);
  });
});
