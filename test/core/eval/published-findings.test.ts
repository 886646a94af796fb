import { describe, expect, it } from "vitest";
import { matchFindings } from "../../../src/core/eval/match.js";
import { casePullRequestText, caseRepoConfig, publishedFindings } from "../../../src/core/eval/published-findings.js";
import { selectFindings } from "../../../src/core/findings/select-findings.js";
import { inline, selection, unplaced } from "../publish/support/report.js";
import { evalCase, issue } from "./support.js";

describe("publishedFindings: what the App would publish, as the scorer takes it", () => {
  it("keeps inline comments, findings in the review body and those max_comments moved to the summary", () => {
    const chosen = selectFindings(
      [
        inline({ path: "a.ts", line: 10, start_line: 8, severity: "critical", title: "Crash" }, { startLine: 8 }),
        inline({ path: "a.ts", line: 20, severity: "major", body: "Second paragraph first line\nmore" }),
        unplaced({ path: "b.ts", line: 40, severity: "major", title: "Off the diff" }),
        inline({ path: "a.ts", line: 30, severity: "nit", title: "Naming" }),
        inline({ path: "a.ts", line: 31, severity: "major", confidence: 0.1, title: "Unsure" }),
      ],
      new Set(),
      { severityThreshold: "minor", maxComments: 1, confidenceThreshold: 0.5 },
    );
    expect(publishedFindings(chosen)).toEqual([
      { path: "a.ts", line: 10, start_line: 8, severity: "critical", title: "Crash", body: "`x` may be null here." },
      { path: "b.ts", line: 40, severity: "major", title: "Off the diff", body: "`x` may be null here." },
      { path: "a.ts", line: 20, severity: "major", title: "Null access", body: "Second paragraph first line\nmore" },
    ]);
  });

  it("uses the first line of the body as the title when the finding has none", () => {
    const placed = inline({ body: "First line\nsecond" });
    const { title: _title, ...untitled } = placed.finding;
    expect(publishedFindings(selection({ comments: [{ ...placed, finding: untitled }] }))[0]?.title).toBe("First line");
  });

  it("marks findings on deleted lines, which never match an expected (new-file) line", async () => {
    const onDeleted = publishedFindings(selection({ comments: [inline({ path: "a.ts", line: 5 }, { side: "LEFT" })] }));
    expect(onDeleted[0]?.side).toBe("LEFT");
    expect(await matchFindings(onDeleted, [issue("a.ts", 5)], { lineTolerance: 3 })).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });
});

describe("a case's pull request and repo config", () => {
  it("takes the title from the description's first line and the body from the rest", () => {
    expect(casePullRequestText({ ...evalCase("c", []), description: "Billing: page by number\n\nThe API deprecated cursors.\n" })).toEqual({
      title: "Billing: page by number",
      body: "The API deprecated cursors.",
    });
    expect(casePullRequestText({ ...evalCase("c", []), description: "One line" })).toEqual({ title: "One line", body: "" });
    expect(casePullRequestText(evalCase("no-description", []))).toEqual({ title: "no-description", body: "" });
  });

  it("reviews with the default repo config plus the case's instructions", () => {
    expect(caseRepoConfig({ ...evalCase("c", []), instructions: "We target Go 1.22." })).toMatchObject({ instructions: "We target Go 1.22.", severity_threshold: "minor" });
    expect(caseRepoConfig(evalCase("c", [])).instructions).toBe("");
  });
});
