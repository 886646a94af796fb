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
      review: { summary: "S", findings: [{ ...good, start_line: 1, suggestion: "x", title: "T" }], dropped: [] },
    });
  });

  it("drops only the invalid finding and says why", () => {
    const result = validateReviewArgs({
      summary: "S",
      findings: [good, { ...good, line: 0 }, { ...good, severity: "blocker" }, "not an object"],
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.review.findings).toEqual([good]);
    expect(result.review.dropped.map((d) => d.index)).toEqual([1, 2, 3]);
    expect(result.review.dropped[0]?.reason).toMatch(/^line: /);
    expect(result.review.dropped[1]?.reason).toMatch(/^severity: /);
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

  it("keeps evidence and confidence, and drops a finding whose confidence is not a probability", () => {
    const withEvidence = { ...good, evidence: "`i <= n` reads one past the end.", confidence: 0.9 };
    const result = validateReviewArgs({ summary: "S", findings: [withEvidence, { ...good, confidence: 250 }, { ...good, confidence: "high" }] });
    if (!result.ok) throw new Error(result.error);
    expect(result.review.findings).toEqual([withEvidence]);
    expect(result.review.dropped.map((d) => d.reason)).toEqual([expect.stringMatching(/^confidence: /), expect.stringMatching(/^confidence: /)]);
  });

  it("treats missing findings as none", () => {
    const result = validateReviewArgs({ summary: "clean" });
    expect(result.ok && result.review.findings).toEqual([]);
  });

  it.each([
    ["not an object", "hello", /not a JSON object/],
    ["no summary", { findings: [] }, /summary/],
    ["findings not an array", { summary: "", findings: "[]" }, /findings/],
  ])("rejects arguments that are %s", (_name, args, message) => {
    const result = validateReviewArgs(args);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
