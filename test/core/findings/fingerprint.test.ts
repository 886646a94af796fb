import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { fingerprintOf, normaliseTitle } from "../../../src/core/findings/fingerprint.js";
import { placeFindings } from "../../../src/core/findings/place-findings.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";

const base = { path: "src/a.ts", side: "RIGHT", code: ["  if (entry = null) {"], title: "Assignment instead of comparison" } as const;

describe("fingerprintOf", () => {
  it("is 14 hex digits and deterministic", () => {
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{14}$/);
    expect(fingerprintOf(base)).toBe(fingerprintOf({ ...base }));
  });

  it.each([
    ["re-indented code", { code: ["\tif (entry  =  null) {"] }],
    ["a reworded number in the title", { title: "Assignment instead of comparison (line 21)" }],
    ["different case and punctuation in the title", { title: "assignment, instead of comparison!" }],
  ])("ignores %s", (_name, change) => {
    expect(fingerprintOf({ ...base, ...change })).toBe(fingerprintOf(base));
  });

  it.each([
    ["another file", { path: "src/b.ts" }],
    ["another side", { side: "LEFT" as const }],
    ["changed code", { code: ["if (entry === null) {"] }],
    ["another title", { title: "Null dereference" }],
  ])("differs for %s", (_name, change) => {
    expect(fingerprintOf({ ...base, ...change })).not.toBe(fingerprintOf(base));
  });

  it("normalises titles to lower-case words", () => {
    expect(normaliseTitle("  Off-by-1 in `loop`! ")).toBe("off by in loop");
  });

  it("stays the same when a push moves the code to other lines", () => {
    const finding = { path: "f.ts", severity: "major", title: "Bug", body: "b" } as const;
    const first = toFileDiff({ path: "f.ts", status: "modified", patch: gitPatch(numberedLines(20), numberedLines(20, (n) => (n === 10 ? "buggy()" : `line ${n}`))), additions: 1, deletions: 1 });
    // Three lines inserted at the top move the buggy line from 10 to 13.
    const moved = toFileDiff({
      path: "f.ts",
      status: "modified",
      patch: gitPatch(numberedLines(20), numberedLines(20, (n) => (n === 1 ? ["a", "b", "c", "line 1"] : n === 10 ? "buggy()" : `line ${n}`))),
      additions: 4,
      deletions: 1,
    });
    const before = placeFindings([{ ...finding, line: 10 }], new Map([["f.ts", first]])).inline[0];
    const after = placeFindings([{ ...finding, line: 13 }], new Map([["f.ts", moved]])).inline[0];
    expect(after?.line).toBe(13);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });
});
