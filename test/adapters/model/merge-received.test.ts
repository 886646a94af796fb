import { describe, expect, it } from "vitest";
import type { Received, ReceivedFinding } from "../../../src/adapters/model/interpret-answer.js";
import { mergeReceived } from "../../../src/adapters/model/merge-received.js";
import type { Finding } from "../../../src/core/findings/review-tool.js";

const finding = (over: Partial<Finding> = {}): ReceivedFinding => {
  const value: Finding = { path: "a.ts", line: 3, severity: "major", title: "Null access", body: "`x` may be null.", ...over };
  return { raw: value, ok: true, finding: value };
};
const unusable: ReceivedFinding = { raw: { path: "a.ts" }, ok: false, reason: "line: required" };
const received = (findings: ReceivedFinding[], summary = "S", summaryComplete = true): Received => ({ summary, summaryComplete, findings });

describe("mergeReceived", () => {
  it("adds what is new and drops a finding sent again (same place, same title or same explanation)", () => {
    const merged = mergeReceived(
      received([finding()]),
      received([finding({ title: "NULL access!" }), finding({ title: "Other words", body: "`x` may be NULL." }), finding({ line: 4 }), finding({ path: "b.ts" })], ""),
      true,
    );
    expect(merged.received.findings.map((f) => (f.ok ? `${f.finding.path}:${f.finding.line}` : "unusable"))).toEqual(["a.ts:3", "a.ts:4", "b.ts:3"]);
    expect(merged.added).toBe(2);
    expect(merged.received.summary).toBe("S");
  });

  it("keeps the earlier unusable findings counted while the rest is still cut off, and drops them once it came whole", () => {
    expect(mergeReceived(received([unusable, finding()]), received([finding({ line: 9 })]), false).received.findings).toHaveLength(3);
    expect(mergeReceived(received([unusable, finding()]), received([finding({ line: 9 })]), true).received.findings).toHaveLength(2);
  });

  it("takes the later summary only when the earlier one was cut off, and keeps the cut one when none came", () => {
    expect(mergeReceived(received([], "Adds a ca", false), received([], "Adds a cache."), true).received).toMatchObject({ summary: "Adds a cache.", summaryComplete: true });
    expect(mergeReceived(received([], "Adds a ca", false), received([], ""), true).received).toMatchObject({ summary: "Adds a ca", summaryComplete: false });
    expect(mergeReceived(received([]), received([], "Another summary."), true).received.summary).toBe("S");
  });
});
