import { describe, expect, it } from "vitest";
import { formatLogLine } from "../../src/action/action-log.js";
import { stepResultOf } from "../../src/action/step-result.js";
import type { ReviewOutcome } from "../../src/core/review.js";
import { inline, report, selection } from "../core/publish/support/report.js";

const pr = { owner: "o", repo: "r", number: 3, url: "https://github.com/o/r/pull/3" };
const outcome = (over: Partial<ReviewOutcome>): ReviewOutcome => ({
  conclusion: "neutral", reviewPosted: true, findings: 1, usage: { promptTokens: 1, completionTokens: 1 }, modelTime: { calls: 1, durationMs: 1 }, ...over,
});

describe("how the Action's step ends", () => {
  const reviewed = report({ selection: selection({ comments: [inline({ severity: "minor" })] }), failOn: "never" });

  it("passes with findings below fail_on, fails on one at or above it (the input over the config)", () => {
    expect(stepResultOf({ kind: "reviewed", outcome: outcome({ report: reviewed }) }, pr, undefined)).toMatchObject({
      exitCode: 0, message: "Reviewed: 1 open finding.", outputs: { findings: "1", conclusion: "neutral" },
    });
    expect(stepResultOf({ kind: "reviewed", outcome: outcome({ report: reviewed }) }, pr, "major")).toMatchObject({ exitCode: 0, message: "Reviewed: 1 open finding, none major or worse." });
    const failing = stepResultOf({ kind: "reviewed", outcome: outcome({ report: reviewed }) }, pr, "minor");
    expect(failing).toMatchObject({ exitCode: 1, outputs: { conclusion: "failure" } });
    expect(failing.error).toBeUndefined();
    expect(failing.summary).toMatch(/^## pr-reviewer: \[o\/r#3\]\(https:\/\/github\.com\/o\/r\/pull\/3\)/);
  });

  it("fails with the reason when no review was made: a failed job, a failed review, an interrupted one", () => {
    expect(stepResultOf({ kind: "failed", error: "reading the repository config failed: HTTP 500" }, pr, undefined)).toMatchObject({
      exitCode: 1, error: "The review could not be done: reading the repository config failed: HTTP 500", outputs: { conclusion: "failure" },
    });
    expect(stepResultOf({ kind: "reviewed", outcome: outcome({ conclusion: "failure", error: "the model refused the key" }) }, pr, undefined).error).toBe(
      "The review could not be done: the model refused the key",
    );
    expect(stepResultOf({ kind: "reviewed", outcome: outcome({ conclusion: "cancelled" }) }, pr, undefined)).toMatchObject({
      exitCode: 1, error: "The review could not be done: the review was stopped before it finished (cancelled); nothing was posted", outputs: { conclusion: "cancelled" },
    });
  });

  it("passes, saying why, when there was nothing to review", () => {
    expect(stepResultOf({ kind: "skipped", reason: "draft" }, pr, "nit")).toMatchObject({
      exitCode: 0, message: "Not reviewed: the pull request is a draft (set review_drafts: true in the config to review drafts).", outputs: { conclusion: "skipped" },
    });
    expect(stepResultOf({ kind: "skipped", reason: "closed" }, pr, undefined).message).toBe("Not reviewed: the pull request is closed.");
  });
});

describe("the Action's log lines", () => {
  it("make warnings annotations, keep errors plain (the step writes the one ::error::) and hide debug lines", () => {
    expect(formatLogLine(JSON.stringify({ level: 30, msg: "prompt budget", promptBudgetTokens: 100, time: 1 }))).toBe('prompt budget {"promptBudgetTokens":100}');
    expect(formatLogLine(JSON.stringify({ level: 40, msg: "config\\ninvalid" }))).toBe("::warning::config\\ninvalid");
    expect(formatLogLine(JSON.stringify({ level: 40, msg: "two\nlines" }))).toBe("::warning::two%0Alines");
    expect(formatLogLine(JSON.stringify({ level: 50, msg: "review failed" }))).toBe("Error: review failed");
    expect(formatLogLine(JSON.stringify({ level: 20, msg: "detail" }))).toBe("::debug::detail");
    expect(formatLogLine("not json")).toBe("not json");
  });
});
