import { describe, expect, it } from "vitest";
import { toolUseOf } from "../../../src/core/agent/review-agent.js";
import { nextState } from "../../../src/core/incremental/next-state.js";
import { toolUseText, verificationText } from "../../../src/core/publish/agent-lines.js";
import { checkRunOutputForReport } from "../../../src/core/publish/check-run-output.js";
import { renderSummaryComment } from "../../../src/core/publish/render-summary.js";
import { report } from "./support/report.js";

describe("what the summary and the check run say about tool calls", () => {
  it("counts the calls by tool, the most used first, and those cut or refused", () => {
    const toolUse = toolUseOf([
      { tool: "search_code", outcome: "served", tokens: 10 },
      { tool: "read_file", outcome: "served", tokens: 10 },
      { tool: "read_file", outcome: "cut", tokens: 10 },
      { tool: "other", outcome: "failed", tokens: 10 },
      { tool: "read_file", outcome: "refused", tokens: 10 },
    ]);
    expect(toolUse).toEqual({ calls: 5, byTool: { search_code: 1, read_file: 3, other: 1 }, limited: 2 });
    expect(toolUseText(toolUse)).toBe("The model looked at the repository with 5 tool calls (3 read_file, 1 other, 1 search_code; 2 shortened or refused to stay within the bounds).");
    expect(toolUseText(toolUseOf([{ tool: "list_files", outcome: "served", tokens: 3 }]))).toBe("The model looked at the repository with 1 tool call (1 list_files).");
    expect(toolUseText(toolUseOf([]))).toBe("The model made no repository tool calls.");
  });
});

describe("what the summary and the check run say about the second look", () => {
  it("says how many were checked, confirmed and withdrawn", () => {
    expect(verificationText({ threshold: "major", confirmed: 2, withdrawn: 1, unverified: 0 })).toBe(
      "Second look at 3 findings (major or above) against the complete files: 2 confirmed, 1 withdrawn and not posted.",
    );
    expect(verificationText({ threshold: "critical", confirmed: 1, withdrawn: 0, unverified: 0 })).toBe("Second look at 1 finding (critical) against the complete files: 1 confirmed, 0 withdrawn and not posted.");
  });

  it("says when it failed, and that nothing was withdrawn", () => {
    expect(verificationText({ threshold: "major", confirmed: 0, withdrawn: 0, unverified: 2, problem: "the second look failed: the model endpoint failed (HTTP 503)" })).toBe(
      "Second look failed for 2 findings (major or above) (the second look failed: the model endpoint failed (HTTP 503)): nothing was withdrawn; they are posted as found.",
    );
    expect(verificationText({ threshold: "minor", confirmed: 1, withdrawn: 1, unverified: 1, problem: "1 finding not checked: its file could not be read at the head commit" })).toBe(
      "Second look at 3 findings (minor or above) against the complete files: 1 confirmed, 1 withdrawn and not posted; 1 could not be checked (1 finding not checked: its file could not be read at the head commit) and is posted as found, nothing of theirs withdrawn.",
    );
  });

  it("goes into the summary comment under its heading line and into the check run", () => {
    const withAgent = report({ toolUse: { calls: 2, byTool: { read_file: 2 }, limited: 0 }, verification: { threshold: "major", confirmed: 1, withdrawn: 1, unverified: 0 } });
    const summary = renderSummaryComment(withAgent, nextState(withAgent));
    const lines = summary.split("\n\n");
    expect(lines[2]).toBe(
      "The model looked at the repository with 2 tool calls (2 read_file). Second look at 2 findings (major or above) against the complete files: 1 confirmed, 1 withdrawn and not posted.",
    );
    const output = checkRunOutputForReport(withAgent);
    expect(output.summary).toContain("\n\nSecond look at 2 findings (major or above) against the complete files: 1 confirmed, 1 withdrawn and not posted.\n\nThe model looked at the repository with 2 tool calls (2 read_file).\n\n");
    const plain = report();
    expect(renderSummaryComment(plain, nextState(plain))).not.toContain("Second look");
    expect(checkRunOutputForReport(plain).summary).not.toContain("tool call");
  });
});
