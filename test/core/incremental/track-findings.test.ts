import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import type { TrackedFinding } from "../../../src/core/incremental/review-state.js";
import { mapOldLine, trackThroughPush } from "../../../src/core/incremental/track-findings.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";

/** The push: line 5 rewritten, two lines inserted after 12, line 20 deleted (git's own diff of 30 lines). */
const pushed: FileDiff = toFileDiff({
  path: "f.ts",
  status: "modified",
  patch: gitPatch(numberedLines(30), numberedLines(30, (n) => (n === 5 ? "five!" : n === 12 ? ["line 12", "x", "y"] : n === 20 ? null : `line ${n}`))),
  additions: 3,
  deletions: 2,
});

const tracked = (over: Partial<TrackedFinding>): TrackedFinding => ({
  fingerprint: "0000000000000a",
  severity: "major",
  path: "f.ts",
  side: "RIGHT",
  line: 1,
  title: "t",
  ...over,
});

describe("mapOldLine", () => {
  it.each([
    [1, 1],
    [4, 4],
    [5, "changed"],
    [6, 6],
    [12, 12],
    [13, 15],
    [19, 21],
    [20, "changed"],
    [21, 22],
    [30, 31],
  ] as const)("maps old line %s to %s", (old, expected) => {
    expect(mapOldLine(pushed.hunks, old)).toBe(expected);
  });

  it("handles a pure insertion at the top of a file without context (-0,0)", () => {
    const insertion = toFileDiff({ path: "g", status: "modified", patch: gitPatch("a\n", "new\na\n", { context: 0 }), additions: 1, deletions: 0 });
    expect(mapOldLine(insertion.hunks, 1)).toBe(2);
  });
});

describe("trackThroughPush", () => {
  it("moves untouched findings to their new lines and closes those whose lines were rewritten or removed", () => {
    const moved = tracked({ fingerprint: "0000000000000b", line: 14, startLine: 13 });
    const rewritten = tracked({ fingerprint: "0000000000000c", line: 5 });
    const insertedInto = tracked({ fingerprint: "0000000000000d", startLine: 12, line: 13 });
    const elsewhere = tracked({ fingerprint: "0000000000000e", path: "other.ts", line: 3 });
    const deletedFile = tracked({ fingerprint: "0000000000000f", path: "gone.ts", line: 3 });
    const left = tracked({ fingerprint: "00000000000010", side: "LEFT", line: 5 });
    const { open, closed } = trackThroughPush([moved, rewritten, insertedInto, elsewhere, deletedFile, left], [pushed], new Set(["gone.ts"]));
    expect(open).toEqual([{ ...moved, startLine: 15, line: 16 }, elsewhere, left]);
    expect(closed).toEqual([
      { finding: rewritten, reason: "rewritten" },
      { finding: insertedInto, reason: "rewritten" },
      { finding: deletedFile, reason: "removed" },
    ]);
  });

  it("follows a renamed file to its new name", () => {
    const renamed = { ...pushed, path: "g.ts", previousPath: "f.ts" };
    const { open } = trackThroughPush([tracked({ line: 2 })], [renamed], new Set());
    expect(open).toEqual([tracked({ path: "g.ts", line: 2 })]);
  });
});
