import { describe, expect, it } from "vitest";
import { f1Of, meanOf, ratio, scoresOf, spreadOf, sumCounts } from "../../../src/core/eval/metrics.js";

describe("scores from counts", () => {
  it.each([
    // tp, fp, fn → precision, recall, f1
    [{ tp: 3, fp: 1, fn: 2 }, 0.75, 0.6, (2 * 0.75 * 0.6) / 1.35],
    [{ tp: 2, fp: 0, fn: 0 }, 1, 1, 1],
    [{ tp: 0, fp: 2, fn: 1 }, 0, 0, 0],
    // No findings: precision undefined, so F1 too, even though recall is 0.
    [{ tp: 0, fp: 0, fn: 3 }, null, 0, null],
    // Clean case with false alarms: recall undefined.
    [{ tp: 0, fp: 2, fn: 0 }, 0, null, null],
    // Clean case, quiet reviewer: nothing to measure.
    [{ tp: 0, fp: 0, fn: 0 }, null, null, null],
  ])("%o → precision %s, recall %s, F1 %s", (counts, precision, recall, f1) => {
    const scores = scoresOf(counts);
    expect(scores).toMatchObject(counts);
    expect(scores.precision).toBe(precision);
    expect(scores.recall).toBe(recall);
    if (f1 === null) expect(scores.f1).toBeNull();
    else expect(scores.f1).toBeCloseTo(f1, 12);
  });

  it("a ratio with a zero denominator is null, never 0 or NaN", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });

  it("F1 is null when either side is null and 0 when both are 0", () => {
    expect(f1Of(null, 1)).toBeNull();
    expect(f1Of(1, null)).toBeNull();
    expect(f1Of(0, 0)).toBe(0);
    expect(f1Of(0.5, 1)).toBeCloseTo(2 / 3, 12);
  });

  it("micro pooling sums the counts first", () => {
    const pooled = scoresOf(sumCounts([{ tp: 1, fp: 0, fn: 0 }, { tp: 0, fp: 3, fn: 1 }]));
    expect(pooled).toMatchObject({ tp: 1, fp: 3, fn: 1, precision: 0.25, recall: 0.5 });
  });
});

describe("mean and spread over runs", () => {
  it("leave out null values, and are null only when every value is", () => {
    expect(meanOf([0.5, null, 1])).toBe(0.75);
    expect(meanOf([null, null])).toBeNull();
    expect(spreadOf([0.5, null, 1])).toEqual({ min: 0.5, max: 1 });
    expect(spreadOf([null])).toEqual({ min: null, max: null });
  });
});
