import { describe, expect, it } from "vitest";
import { validateReviewArgs } from "../../../src/core/findings/validate-review.js";

const good = { path: "src/a.ts", line: 3, severity: "major", body: "Off by one." };

describe("validateReviewArgs", () => {
  it("accepts the contract fields and keeps optional ones", () => {
    const result = validateReviewArgs({
      summary: "S",
      findings: [{ ...good, start_line: 1, suggestion: "x", title: "T" }],
    });
    expect(result).toEqual({
      ok: true,
      review: { summary: "S", findings: [{ ...good, start_line: 1, suggestion: "x", title: "T" }], dropped: [], mended: [] },
    });
  });

  it("drops only the finding that cannot be used and says why", () => {
    const result = validateReviewArgs({
      summary: "S",
      findings: [good, { ...good, line: 0 }, { ...good, body: "" }, "not an object"],
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.review.findings).toEqual([good]);
    expect(result.review.dropped.map((d) => d.index)).toEqual([1, 2, 3]);
    expect(result.review.dropped[0]?.reason).toMatch(/^line: /);
    expect(result.review.dropped[1]?.reason).toMatch(/^body: /);
  });

  it("keeps findings with cosmetic defects, mended, and lists what was mended for the log", () => {
    const result = validateReviewArgs({ summary: "S", findings: [good, { ...good, title: "t".repeat(250), severity: "High", extra: 1 }] });
    if (!result.ok) throw new Error(result.error);
    expect(result.review.findings).toEqual([good, { ...good, title: `${"t".repeat(199)}…` }]);
    expect(result.review.dropped).toEqual([]);
    expect(result.review.mended).toEqual([
      'findings[1]: unknown field `extra` ignored; severity "High" read as major; title shortened from 250 to 200 characters',
    ]);
  });

  it("takes one finding object given without its array as a list of one", () => {
    const result = validateReviewArgs({ summary: "S", findings: good });
    expect(result.ok && result.review.findings).toEqual([good]);
    expect(result.ok && result.review.mended).toEqual(["`findings` was one object, not an array: taken as a list of one"]);
  });

  it.each([
    ["null optional fields", { ...good, start_line: null, suggestion: null }, good],
    ["quoted line numbers", { ...good, line: "3", start_line: " 2 " }, { ...good, start_line: 2 }],
    ["severity in capitals", { ...good, severity: "Major " }, good],
    ["a quoted confidence", { ...good, confidence: "0.8" }, { ...good, confidence: 0.8 }],
    ["a confidence in percent", { ...good, confidence: "85%" }, { ...good, confidence: 0.85 }],
    ["a confidence out of 100", { ...good, confidence: 70 }, { ...good, confidence: 0.7 }],
  ])("normalises %s", (_name, finding, expected) => {
    const result = validateReviewArgs({ summary: "", findings: [finding] });
    expect(result.ok && result.review.findings).toEqual([expected]);
  });

  it("keeps evidence and confidence, and leaves out a confidence that is not a probability rather than the finding", () => {
    const withEvidence = { ...good, evidence: "`i <= n` reads one past the end.", confidence: 0.9 };
    const result = validateReviewArgs({ summary: "S", findings: [withEvidence, { ...good, confidence: 250 }, { ...good, confidence: "high" }] });
    if (!result.ok) throw new Error(result.error);
    expect(result.review.findings).toEqual([withEvidence, good, good]);
    expect(result.review.dropped).toEqual([]);
  });

  it("treats missing findings as none", () => {
    const result = validateReviewArgs({ summary: "clean" });
    expect(result.ok && result.review.findings).toEqual([]);
  });

  it.each([
    ["not an object", "hello", /not a JSON object/],
    ["no summary", { findings: [] }, /summary/],
    ["findings not an array", { summary: "", findings: "[]" }, /findings/],
    ["findings a number", { summary: "", findings: 3 }, /findings/],
  ])("rejects arguments that are %s", (_name, args, message) => {
    const result = validateReviewArgs(args);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
