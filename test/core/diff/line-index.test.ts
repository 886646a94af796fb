import { describe, expect, it } from "vitest";
import { buildLineIndex, hunkOf, isCommentable, isValidRange } from "../../../src/core/diff/line-index.js";
import { parsePatch } from "../../../src/core/diff/parse-patch.js";

/**
 * Two hunks. Old file: 1 a, 2 b, 3 c, … 10 j, 11 k, 12 l. New file: 1 a, 2 B, 3 c, … 10 j, 11 k2, 12 k3, 13 l.
 * Hunk 0: old 1–3, new 1–3. Hunk 1: old 10–12, new 10–13. Nothing else is part of the diff.
 */
const PATCH = [
  "@@ -1,3 +1,3 @@",
  " a",
  "-b",
  "+B",
  " c",
  "@@ -10,3 +10,4 @@",
  " j",
  "-k",
  "+k2",
  "+k3",
  " l",
].join("\n");

const index = buildLineIndex(parsePatch(PATCH));

describe("buildLineIndex", () => {
  it("maps added and context lines by new number, deleted and context lines by old number", () => {
    expect([...index.right]).toEqual([[1, 0], [2, 0], [3, 0], [10, 1], [11, 1], [12, 1], [13, 1]]);
    expect([...index.left]).toEqual([[1, 0], [2, 0], [3, 0], [10, 1], [11, 1], [12, 1]]);
  });

  it("is empty without hunks", () => {
    const empty = buildLineIndex([]);
    expect(empty.right.size + empty.left.size).toBe(0);
    expect(isCommentable(empty, "RIGHT", 1)).toBe(false);
  });
});

describe("isCommentable and hunkOf", () => {
  it.each([
    { side: "RIGHT", line: 2, hunk: 0, why: "an added line" },
    { side: "RIGHT", line: 1, hunk: 0, why: "a context line, by its new number" },
    { side: "LEFT", line: 1, hunk: 0, why: "a context line, by its old number" },
    { side: "LEFT", line: 2, hunk: 0, why: "a deleted line" },
    { side: "RIGHT", line: 13, hunk: 1, why: "the last line of the second hunk" },
    { side: "LEFT", line: 11, hunk: 1, why: "a deleted line of the second hunk" },
  ] as const)("accepts $why ($side $line)", ({ side, line, hunk }) => {
    expect(isCommentable(index, side, line)).toBe(true);
    expect(hunkOf(index, side, line)).toBe(hunk);
  });

  it.each([
    { side: "RIGHT", line: 5, why: "a line between hunks" },
    { side: "LEFT", line: 5, why: "a line between hunks" },
    { side: "LEFT", line: 13, why: "a new-file number that the old file's hunk does not reach" },
    { side: "RIGHT", line: 14, why: "a line past the last hunk" },
    { side: "RIGHT", line: 0, why: "line 0" },
    { side: "RIGHT", line: -1, why: "a negative line" },
    { side: "RIGHT", line: 1.5, why: "a fractional line" },
    { side: "RIGHT", line: Number.NaN, why: "NaN" },
  ] as const)("refuses $why ($side $line)", ({ side, line }) => {
    expect(isCommentable(index, side, line)).toBe(false);
    expect(hunkOf(index, side, line)).toBeUndefined();
  });
});

describe("isValidRange", () => {
  it.each([
    { side: "RIGHT", start: 1, end: 3, valid: true, why: "within one hunk" },
    { side: "RIGHT", start: 10, end: 13, valid: true, why: "a whole hunk" },
    { side: "LEFT", start: 10, end: 12, valid: true, why: "within one hunk on the old side" },
    { side: "RIGHT", start: 2, end: 2, valid: false, why: "start equal to end (a single-line comment)" },
    { side: "RIGHT", start: 3, end: 1, valid: false, why: "start after end" },
    { side: "RIGHT", start: 3, end: 10, valid: false, why: "ends in different hunks" },
    { side: "LEFT", start: 2, end: 11, valid: false, why: "ends in different hunks on the old side" },
    { side: "RIGHT", start: 4, end: 10, valid: false, why: "a start outside the diff" },
    { side: "RIGHT", start: 12, end: 14, valid: false, why: "an end outside the diff" },
    { side: "LEFT", start: 11, end: 13, valid: false, why: "an end on the wrong side" },
  ] as const)("says $valid for $why ($side $start–$end)", ({ side, start, end, valid }) => {
    expect(isValidRange(index, side, start, end)).toBe(valid);
  });
});
