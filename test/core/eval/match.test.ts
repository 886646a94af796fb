import { describe, expect, it } from "vitest";
import { matchFindings, maximumMatching, withinTolerance } from "../../../src/core/eval/match.js";
import type { EvalFinding, MatchJudge } from "../../../src/core/eval/types.js";
import type { ExpectedIssue } from "../../../src/core/eval/case-file.js";
import { finding, issue } from "./support.js";

describe("withinTolerance: the line gate", () => {
  // Expected issue at lines 20–22, tolerance 3: findings may touch 17..25.
  const expected = issue("src/a.ts", 20, { end_line: 22 });
  it.each([
    ["exactly N lines above the range", 17, true],
    ["N + 1 lines above", 16, false],
    ["exactly N lines below the range", 25, true],
    ["N + 1 lines below", 26, false],
    ["inside the range", 21, true],
  ])("a single-line finding %s (line %i) matches: %s", (_, line, matches) => {
    expect(withinTolerance(finding("src/a.ts", line), expected, 3)).toBe(matches);
  });

  it("a finding's range counts from start_line: a range ending N + 1 lines above misses, one ending N above matches", () => {
    expect(withinTolerance(finding("src/a.ts", 16, { start_line: 10 }), expected, 3)).toBe(false);
    expect(withinTolerance(finding("src/a.ts", 17, { start_line: 10 }), expected, 3)).toBe(true);
  });

  it("a range that covers the whole expected range matches, even with tolerance 0", () => {
    expect(withinTolerance(finding("src/a.ts", 40, { start_line: 1 }), expected, 0)).toBe(true);
  });

  it("a start_line after line (a reversed range) is read as the same range", () => {
    expect(withinTolerance(finding("src/a.ts", 10, { start_line: 30 }), expected, 0)).toBe(true);
    expect(withinTolerance(finding("src/a.ts", 5, { start_line: 16 }), expected, 3)).toBe(false);
  });

  it("tolerance 0 requires an overlap of the lines themselves", () => {
    expect(withinTolerance(finding("src/a.ts", 19), expected, 0)).toBe(false);
    expect(withinTolerance(finding("src/a.ts", 20), expected, 0)).toBe(true);
    expect(withinTolerance(finding("src/a.ts", 22), expected, 0)).toBe(true);
    expect(withinTolerance(finding("src/a.ts", 23), expected, 0)).toBe(false);
  });

  it("another file never matches; a leading ./ is not a different file", () => {
    expect(withinTolerance(finding("src/b.ts", 20), expected, 3)).toBe(false);
    expect(withinTolerance(finding("./src/a.ts", 20), expected, 3)).toBe(true);
  });
});

describe("matchFindings: one to one, as many as possible", () => {
  it("counts a finding on the issue as TP, a finding elsewhere as FP, an issue nobody reported as FN", async () => {
    const result = await matchFindings(
      [finding("a.py", 10), finding("b.py", 3)],
      [issue("a.py", 11), issue("c.py", 5)],
      { lineTolerance: 3 },
    );
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 1, pairs: [{ expected: 0, finding: 0 }] });
  });

  it("two findings on one issue: one is TP, the duplicate is FP", async () => {
    const result = await matchFindings([finding("a.go", 10), finding("a.go", 11)], [issue("a.go", 10)], { lineTolerance: 3 });
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 0 });
  });

  it("one finding near two issues reports only one of them", async () => {
    const result = await matchFindings([finding("a.go", 11)], [issue("a.go", 10), issue("a.go", 12)], { lineTolerance: 3 });
    expect(result).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it("finds the best assignment where a greedy one would not: the nearest finding of issue 1 is the only one issue 2 can take", async () => {
    // Issue A (line 10) is near findings f0 (line 12) and f1 (line 8); issue B (line 15) is near f0 only.
    // Both are 2 lines from A; a greedy pass in finding order gives f0 to A and leaves B unmatched: TP 1.
    // The maximum matching gives f1 to A and f0 to B: TP 2.
    const findings = [finding("x.ts", 12), finding("x.ts", 8)];
    const expected = [issue("x.ts", 10), issue("x.ts", 15)];
    const result = await matchFindings(findings, expected, { lineTolerance: 3 });
    expect(result).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(result.pairs).toEqual([
      { expected: 0, finding: 1 },
      { expected: 1, finding: 0 },
    ]);
  });

  it("a longer chain of competing findings is still resolved to the maximum", async () => {
    // Tolerance 0. Issue 0 spans lines 10–100 and so is near every finding; issues 1–3 are each near one finding.
    // In order, issue 0 takes the finding on line 100 (first in finding order), which issue 3 needs; only by
    // moving issue 0 to a free finding do all four issues get one.
    const findings = [finding("c.ts", 100), finding("c.ts", 10), finding("c.ts", 20), finding("c.ts", 30)];
    const expected = [
      issue("c.ts", 10, { end_line: 100 }),
      issue("c.ts", 20, { end_line: 22 }),
      issue("c.ts", 30, { end_line: 32 }),
      issue("c.ts", 100),
    ];
    const result = await matchFindings(findings, expected, { lineTolerance: 0 });
    expect(result).toMatchObject({ tp: 4, fp: 0, fn: 0 });
    expect(result.pairs).toEqual([
      { expected: 0, finding: 1 },
      { expected: 1, finding: 2 },
      { expected: 2, finding: 3 },
      { expected: 3, finding: 0 },
    ]);
  });

  it("gives the same pairs on every call (deterministic)", async () => {
    const findings = [finding("d.ts", 5), finding("d.ts", 6), finding("d.ts", 7)];
    const expected = [issue("d.ts", 6), issue("d.ts", 6)];
    const first = await matchFindings(findings, expected, { lineTolerance: 3 });
    for (let i = 0; i < 5; i += 1) expect(await matchFindings(findings, expected, { lineTolerance: 3 })).toEqual(first);
    // Nearest first: both issues are on line 6, so the finding on line 6 goes to the first issue and stays there.
    expect(first.pairs).toEqual([
      { expected: 0, finding: 1 },
      { expected: 1, finding: 0 },
    ]);
  });

  it("no findings and nothing expected: all counts 0", async () => {
    expect(await matchFindings([], [], { lineTolerance: 3 })).toEqual({ tp: 0, fp: 0, fn: 0, pairs: [], judgeCalls: 0 });
  });

  it("every finding of a clean case is a false positive", async () => {
    expect(await matchFindings([finding("a.ts", 1), finding("b.ts", 2)], [], { lineTolerance: 3 })).toMatchObject({ tp: 0, fp: 2, fn: 0 });
  });
});

describe("matchFindings with a judge", () => {
  const judgeSaying = (verdict: (f: EvalFinding, e: ExpectedIssue) => boolean): MatchJudge & { asked: [string, string][] } => {
    const asked: [string, string][] = [];
    return {
      name: "test-judge",
      asked,
      judge: async (f, e) => {
        asked.push([f.title, e.description]);
        return verdict(f, e);
      },
    };
  };

  it("a pair within the tolerance counts only when the judge agrees", async () => {
    const judge = judgeSaying((f) => f.title === "right");
    const result = await matchFindings(
      [finding("a.ts", 10, { title: "wrong" }), finding("a.ts", 11, { title: "right" })],
      [issue("a.ts", 10)],
      { lineTolerance: 3, judge },
    );
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 0, pairs: [{ expected: 0, finding: 1 }], judgeCalls: 2 });
  });

  it("the judge is never asked about pairs outside the line gate", async () => {
    const judge = judgeSaying(() => true);
    const result = await matchFindings([finding("a.ts", 50), finding("b.ts", 10)], [issue("a.ts", 10)], { lineTolerance: 3, judge });
    expect(result).toMatchObject({ tp: 0, fp: 2, fn: 1, judgeCalls: 0 });
    expect(judge.asked).toEqual([]);
  });

  it("a judge that says no to everything leaves every issue missed", async () => {
    const result = await matchFindings([finding("a.ts", 10)], [issue("a.ts", 10)], { lineTolerance: 3, judge: judgeSaying(() => false) });
    expect(result).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it("a judge's failure is not taken for a no: it rejects the scoring", async () => {
    const judge: MatchJudge = { name: "down", judge: () => Promise.reject(new Error("judge endpoint down")) };
    await expect(matchFindings([finding("a.ts", 10)], [issue("a.ts", 10)], { lineTolerance: 3, judge })).rejects.toThrow("judge endpoint down");
  });
});

describe("maximumMatching", () => {
  it("matches nothing when no issue has a candidate", () => {
    expect(maximumMatching([[], []], 3)).toEqual([]);
  });

  it("re-routes an earlier choice along an augmenting path", () => {
    // issue 0 → {0, 1}, issue 1 → {0}: issue 0 must give up finding 0.
    expect(maximumMatching([[0, 1], [0]], 2)).toEqual([
      { expected: 0, finding: 1 },
      { expected: 1, finding: 0 },
    ]);
  });
});
