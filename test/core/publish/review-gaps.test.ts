import { describe, expect, it } from "vitest";
import { checkRunOutputForReport } from "../../../src/core/publish/check-run-output.js";
import { renderReviewBody } from "../../../src/core/publish/render-review-body.js";
import { renderSummaryComment } from "../../../src/core/publish/render-summary.js";
import type { ReviewState } from "../../../src/core/incremental/review-state.js";
import { reviewGaps } from "../../../src/core/publish/review-gaps.js";
import { inline, report, selection } from "./support/report.js";

const state: ReviewState = { version: 1, headSha: "a".repeat(40), findings: [] };
const dropped = ["finding 0: line: Invalid input: expected number, received undefined", "finding 1: body: Invalid input: expected string, received undefined"];
const cutOff = [{ paths: ["src/cache.ts"], reason: "the continuation turn failed: the model endpoint failed (HTTP 500): boom" }];
const failed = [{ paths: ["src/b.ts"], error: "the model endpoint failed (HTTP 500)" }];

describe("a review that is missing something never reads as an all-clear", () => {
  it.each([
    ["findings that could not be used", { invalidFindings: dropped }, "2 findings could not be used"],
    ["an answer that stayed incomplete", { incompleteParts: cutOff }, "The model's answer stayed incomplete"],
    ["answers of two parts that stayed incomplete", { incompleteParts: [...cutOff, { paths: ["src/b.ts"], reason: "cut off again" }] }, "The model's answers for 2 parts stayed incomplete"],
    ["a part not reviewed", { failedParts: failed }, "1 part of the diff not reviewed"],
    ["all of them", { invalidFindings: dropped.slice(0, 1), incompleteParts: cutOff, failedParts: failed }, "1 finding could not be used; the model's answer stayed incomplete; 1 part of the diff not reviewed"],
  ])("with no finding open but %s: neutral, and the title says what is missing", (_name, over, title) => {
    const output = checkRunOutputForReport(report(over));
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe(title);
    expect(output.title).not.toContain("No issues found");
  });

  it("adds what is missing to the count of open findings", () => {
    const output = checkRunOutputForReport(report({ selection: selection({ comments: [inline()] }), invalidFindings: dropped }));
    expect(output).toMatchObject({ conclusion: "neutral", title: "1 finding (1 major); 2 findings could not be used" });
  });

  it("still fails when fail_on says so", () => {
    const output = checkRunOutputForReport(report({ selection: selection({ comments: [inline({ severity: "critical" })] }), incompleteParts: cutOff, failOn: "critical" }));
    expect(output).toMatchObject({ conclusion: "failure", title: "1 finding (1 critical); the model's answer stayed incomplete" });
  });

  it("says in the check run's text why an answer stayed incomplete and which files it covered", () => {
    const { summary } = checkRunOutputForReport(report({ incompleteParts: cutOff }));
    expect(summary).toContain(
      "**The model's answer stayed incomplete** for 1 part of the diff (`src/cache.ts`): the continuation turn failed: " +
        "the model endpoint failed (HTTP 500): boom. Its complete findings are posted; findings it did not give are missing. Re-run the review to try again.",
    );
  });

  it("shortens a long list of files and says when several parts stayed incomplete", () => {
    const paths = ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts", "f`.ts"];
    const { summary } = checkRunOutputForReport(report({ incompleteParts: [{ paths, reason: "cut off" }, ...cutOff] }));
    expect(summary).toContain("for 2 parts of the diff (`a.ts`, `b.ts`, `c.ts`, `d.ts`, `e.ts`, …; …): cut off.");
    const body = renderSummaryComment(report({ incompleteParts: [{ paths: ["f`.ts"], reason: "cut off" }, ...cutOff], invalidFindings: dropped }), state);
    expect(body).toContain("> - The model's answer for `f'.ts` stayed incomplete (cut off)");
    expect(body).toContain("> - The model's answer for `src/cache.ts` stayed incomplete");
    expect(body).toContain("> - 2 findings from the model had no usable file, line or explanation and were dropped (finding 0: line: Invalid input: expected number, received undefined; …).");
  });

  it("keeps the summary comment's warning short when many parts of many files stayed incomplete", () => {
    const parts = Array.from({ length: 12 }, (_, i) => ({ paths: Array.from({ length: 8 }, (_unused, j) => `p${i}/f${j}.ts`), reason: "cut off" }));
    const body = renderSummaryComment(report({ incompleteParts: parts }), state);
    expect(body).toContain("> - The model's answer for `p0/f0.ts`, `p0/f1.ts`, `p0/f2.ts`, `p0/f3.ts`, `p0/f4.ts`, and 3 more files stayed incomplete");
    expect(body).not.toContain("p10/");
    expect(body).toContain("> - … and 2 more parts whose answer stayed incomplete.");
  });

  it("says in the check run's text which findings could not be used", () => {
    const { summary } = checkRunOutputForReport(report({ invalidFindings: dropped }));
    expect(summary).toContain(
      "**2 findings from the model could not be used** (no file, line or explanation, even after mending) and were dropped " +
        "(finding 0: line: Invalid input: expected number, received undefined; …).",
    );
  });

  it("puts a warning right under the summary comment's heading", () => {
    const body = renderSummaryComment(report({ invalidFindings: dropped.slice(0, 1), incompleteParts: cutOff, failedParts: failed }), state);
    const warning = body.slice(body.indexOf("> [!WARNING]"), body.indexOf("### Walkthrough"));
    expect(body.indexOf("> [!WARNING]")).toBeLessThan(body.indexOf("### Walkthrough"));
    expect(warning).toContain("> **This review is not complete:** 1 finding could not be used; the model's answer stayed incomplete; 1 part of the diff not reviewed.");
    expect(warning).toContain("> - 1 finding from the model had no usable file, line or explanation and was dropped (finding 0: line: Invalid input: expected number, received undefined).");
    expect(warning).toContain("> - The model's answer for `src/cache.ts` stayed incomplete (the continuation turn failed: the model endpoint failed (HTTP 500): boom): findings it did not give are missing.");
    expect(warning).toContain("> - 1 part of the diff could not be reviewed (listed below).");
  });

  it("says so in the review body too", () => {
    const body = renderReviewBody(report({ selection: selection({ comments: [inline()] }), incompleteParts: cutOff }));
    expect(body).toContain("**Not a complete review:** The model's answer stayed incomplete. The summary comment says what is missing.");
  });

  it("has no gaps, no warning and stays a success when nothing is missing", () => {
    expect(reviewGaps(report())).toEqual([]);
    expect(checkRunOutputForReport(report())).toMatchObject({ conclusion: "success", title: "No issues found" });
    expect(renderSummaryComment(report(), state)).not.toContain("[!WARNING]");
    expect(renderReviewBody(report())).not.toContain("Not a complete review");
  });
});
