import { describe, expect, it } from "vitest";
import type { InlineComment } from "../../../src/core/findings/place-findings.js";
import type { Finding } from "../../../src/core/findings/review-tool.js";
import { checkRunOutputForFailure, checkRunOutputForReport } from "../../../src/core/publish/check-run-output.js";
import { fenceFor, fitToLimit, sanitiseModelMarkdown } from "../../../src/core/publish/markdown.js";
import { renderInlineComment } from "../../../src/core/publish/render-comment.js";
import { REVIEW_BODY_LIMIT, renderReviewBody } from "../../../src/core/publish/render-review-body.js";
import type { ReviewReport } from "../../../src/core/publish/review-report.js";

const finding: Finding = { path: "a.ts", line: 3, severity: "major", title: "Null access", body: "`x` may be null here." };
const comment = (over: Partial<Finding> = {}, startLine?: number): InlineComment => ({
  path: "a.ts",
  line: 3,
  side: "RIGHT",
  ...(startLine !== undefined ? { startLine } : {}),
  finding: { ...finding, ...over },
});

const report = (over: Partial<ReviewReport> = {}): ReviewReport => ({
  headSha: "0123456789abcdef",
  modelName: "qwen/qwen3-coder-480b-a35b-instruct",
  summaries: ["Adds a cache."],
  placement: { inline: [], unplaced: [] },
  filesReviewed: ["a.ts"],
  skipped: [],
  failedParts: [],
  invalidFindings: [],
  configProblems: [],
  usage: { promptTokens: 100, completionTokens: 20 },
  ...over,
});

describe("renderInlineComment", () => {
  it("shows severity, title, explanation and a committable suggestion", () => {
    const body = renderInlineComment(comment({ suggestion: "if (x) use(x);\n" }));
    expect(body).toBe("🟠 **Major** Null access\n\n`x` may be null here.\n\n```suggestion\nif (x) use(x);\n```\n\n<!-- pr-reviewer:finding -->");
  });

  it("uses a longer fence when the suggestion contains a fence", () => {
    const body = renderInlineComment(comment({ suggestion: "const md = `\n```js\n```\n`;" }));
    expect(body).toContain("````suggestion\n");
    expect(body).toContain("\n````\n");
  });

  it("takes the first line of the body as the title when there is none", () => {
    const { title: _title, ...untitled } = finding;
    const body = renderInlineComment({ path: "a.ts", line: 3, side: "RIGHT", finding: { ...untitled, body: "First line.\nMore detail." } });
    expect(body.startsWith("🟠 **Major** First line.\n\nMore detail.")).toBe(true);
  });
});

describe("sanitiseModelMarkdown", () => {
  it("defuses mentions and forged markers but leaves code and e-mail addresses", () => {
    expect(sanitiseModelMarkdown("ping @octocat and @org/team")).toBe("ping @\u200boctocat and @\u200borg/team");
    expect(sanitiseModelMarkdown("mail a@b.c, `@Override`")).toBe("mail a@b.c, `@Override`");
    expect(sanitiseModelMarkdown("<!-- pr-reviewer:review=abc -->")).not.toContain("pr-reviewer:");
  });

  it("fences longer than any backtick run", () => {
    expect(fenceFor("no ticks")).toBe("```");
    expect(fenceFor("````")).toBe("`````");
  });
});

describe("renderReviewBody", () => {
  it("lists findings that could not sit on a diff line, skipped files and config problems", () => {
    const body = renderReviewBody(
      report({
        placement: { inline: [], unplaced: [{ finding: { ...finding, line: 40 }, reason: "line 40 of `a.ts` is not a line of the diff" }] },
        skipped: [{ path: "yarn.lock", reason: "ignored by `*.lock`" }],
        configProblems: ["`ignore`: expected array"],
      }),
    );
    expect(body).toContain("Adds a cache.");
    expect(body).toContain("### Findings outside the diff\n- 🟠 **Major** Null access — `a.ts` line 40: `x` may be null here.");
    expect(body).toContain("- `yarn.lock`: ignored by `*.lock`");
    expect(body).toContain("`.github/pr-reviewer.yml` is invalid");
    expect(body.endsWith("<!-- pr-reviewer:review=0123456789abcdef -->")).toBe(true);
  });

  it("stays within GitHub's limit and keeps its marker when the summary is huge", () => {
    const body = renderReviewBody(report({ summaries: ["x".repeat(100_000)] }));
    expect(body.length).toBeLessThanOrEqual(REVIEW_BODY_LIMIT);
    expect(body).toContain("truncated");
    expect(body.endsWith("<!-- pr-reviewer:review=0123456789abcdef -->")).toBe(true);
  });

  it("fitToLimit leaves short text alone", () => {
    expect(fitToLimit("head", "tail", 100)).toBe("headtail");
  });
});

describe("check run output", () => {
  it("is neutral with findings, counting them by severity", () => {
    const output = checkRunOutputForReport(
      report({ placement: { inline: [comment(), comment({ severity: "nit" })], unplaced: [{ finding, reason: "r" }] } }),
    );
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe("3 findings (2 major, 1 nit)");
    expect(output.summary).toContain("2 inline comments, 1 in the review body");
  });

  it("is success without findings and carries the summary", () => {
    const output = checkRunOutputForReport(report());
    expect(output).toMatchObject({ conclusion: "success", title: "No issues found" });
    expect(output.summary).toContain("Adds a cache.");
  });

  it("is failure with the reason and the config problems when the review could not be done", () => {
    const output = checkRunOutputForFailure("the model endpoint rejected the API key", ["`ignore`: expected array"]);
    expect(output.conclusion).toBe("failure");
    expect(output.summary).toContain("the model endpoint rejected the API key");
    expect(output.summary).toContain("`.github/pr-reviewer.yml` is invalid");
  });
});
