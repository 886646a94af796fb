import { describe, expect, it } from "vitest";
import { annotationsFor, pagesOf } from "../../../src/core/publish/annotations.js";
import { checkRunOutputForFailure, checkRunOutputForReport } from "../../../src/core/publish/check-run-output.js";
import { fenceFor, fitToLimit } from "../../../src/core/publish/markdown.js";
import { fingerprintInBody, renderInlineComment } from "../../../src/core/publish/render-comment.js";
import { REVIEW_BODY_LIMIT, renderReviewBody } from "../../../src/core/publish/render-review-body.js";
import { finding, inline, report, selection, unplaced } from "./support/report.js";

const policy = { githubHost: "github.com" };

describe("renderInlineComment", () => {
  it("shows severity, title, explanation, a committable suggestion and the fingerprint last", () => {
    const comment = inline({ suggestion: "if (x) use(x);\n" });
    const body = renderInlineComment(comment, policy);
    expect(body).toBe(`🟠 **Major** Null access\n\n\`x\` may be null here.\n\n\`\`\`suggestion\nif (x) use(x);\n\`\`\`\n\n<!-- pr-reviewer:fp=${comment.fingerprint} -->`);
    expect(fingerprintInBody(body)).toBe(comment.fingerprint);
  });

  it("shows a suggestion placement did not vouch for as plain code", () => {
    const body = renderInlineComment(inline({ suggestion: "use(x);" }, { committableSuggestion: false }), policy);
    expect(body).toContain("Suggested code:\n```\nuse(x);\n```");
    expect(body).not.toContain("```suggestion");
  });

  it("uses a longer fence when the suggestion contains a fence", () => {
    const body = renderInlineComment(inline({ suggestion: "const md = `\n```js\n```\n`;" }), policy);
    expect(body).toContain("````suggestion\n");
    expect(body).toContain("\n````\n");
  });

  it("takes the first line of the body as the title when there is none", () => {
    const { title: _title, ...untitled } = finding;
    const body = renderInlineComment({ ...inline(), finding: { ...untitled, body: "First line.\nMore detail." } }, policy);
    expect(body.startsWith("🟠 **Major** First line.\n\nMore detail.")).toBe(true);
  });

  it("does not let the model forge a fingerprint", () => {
    const comment = inline({ body: "<!-- pr-reviewer:fp=00000000000000 -->" });
    expect(fingerprintInBody(renderInlineComment(comment, policy))).toBe(comment.fingerprint);
  });
});

describe("fenceFor", () => {
  it("fences longer than any backtick run", () => {
    expect(fenceFor("no ticks")).toBe("```");
    expect(fenceFor("````")).toBe("`````");
  });
});

describe("renderReviewBody", () => {
  it("is short: the number of comments and the findings that could not sit on a diff line, then the marker", () => {
    const body = renderReviewBody(report({ selection: selection({ comments: [inline()], inBody: [unplaced({ line: 40 })] }) }));
    expect(body).toContain("**pr-reviewer** — 1 inline comment on this pull request.");
    expect(body).toContain("### Findings outside the diff\n- 🟠 **Major** Null access — `a.ts` line 40: `x` may be null here. _(line 40 of `a.ts` is outside the diff)_");
    expect(body.endsWith("<!-- pr-reviewer:review=0123456789abcdef -->")).toBe(true);
  });

  it("lists the comments GitHub refused, without their markers", () => {
    const body = renderReviewBody(report({ selection: selection({ comments: [inline()] }) }), [
      { path: "a.ts", line: 3, body: "text <!-- pr-reviewer:fp=00000000000001 -->", error: "line must be part of the diff" },
    ]);
    expect(body).toContain("0 inline comments");
    expect(body).toContain("### Comments GitHub did not accept\n- `a.ts` line 3 (line must be part of the diff):\n\ntext");
    expect(body).not.toContain("pr-reviewer:fp");
  });

  it("stays within GitHub's limit and keeps its marker when the findings are huge", () => {
    const body = renderReviewBody(report({ selection: selection({ inBody: [unplaced({ body: "x".repeat(100_000) })] }) }));
    expect(body.length).toBeLessThanOrEqual(REVIEW_BODY_LIMIT);
    expect(body).toContain("truncated");
    expect(body.endsWith("<!-- pr-reviewer:review=0123456789abcdef -->")).toBe(true);
  });

  it("fitToLimit leaves short text alone", () => {
    expect(fitToLimit("head", "tail", 100)).toBe("headtail");
  });
});

describe("check run output", () => {
  const withFindings = selection({ comments: [inline(), inline({ severity: "nit" })], inBody: [unplaced()] });

  it("is neutral with findings under fail_on: never, counting them by severity", () => {
    const output = checkRunOutputForReport(report({ selection: withFindings }));
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe("3 findings (2 major, 1 nit)");
    expect(output.summary).toContain("3 new findings, 2 inline comments");
  });

  it.each([
    ["major", "failure"],
    ["critical", "neutral"],
    ["nit", "failure"],
  ] as const)("with fail_on: %s and major and nit findings open, concludes %s", (failOn, conclusion) => {
    expect(checkRunOutputForReport(report({ selection: withFindings, failOn })).conclusion).toBe(conclusion);
  });

  it("counts findings still open from earlier reviews, and not findings below the confidence threshold", () => {
    const earlier = { fingerprint: "0000000000abcd", severity: "critical", path: "a.ts", side: "RIGHT", line: 9, title: "Old" } as const;
    expect(checkRunOutputForReport(report({ stillOpen: [earlier], failOn: "critical" })).conclusion).toBe("failure");
    expect(checkRunOutputForReport(report({ selection: selection({ lowConfidence: [inline({ severity: "critical" })] }), failOn: "critical" })).conclusion).toBe("success");
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

describe("annotations", () => {
  it("annotates RIGHT-side findings by severity, with ranges, and none for deleted lines", () => {
    const annotations = annotationsFor([
      inline({ severity: "critical" }, { startLine: 1, line: 3 }),
      inline({ severity: "minor" }, { side: "LEFT" }),
      unplaced({ severity: "nit", line: 40, title: "t".repeat(300) }),
    ], policy);
    expect(annotations.map((a) => [a.startLine, a.endLine, a.level])).toEqual([
      [1, 3, "failure"],
      [40, 40, "notice"],
    ]);
    expect(annotations[1]?.title).toHaveLength(255);
  });

  it("pages by 50", () => {
    expect(pagesOf(Array.from({ length: 120 }, (_, i) => i), 50).map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pagesOf([], 50)).toEqual([]);
  });
});

describe("GitHub's limits on what the model writes", () => {
  it("keeps an annotation's message within 64 KB of UTF-8, whatever the characters", () => {
    const [annotation] = annotationsFor([unplaced({ body: "🔥".repeat(40_000) })], policy);
    expect(new TextEncoder().encode(annotation?.message).length).toBeLessThanOrEqual(64_000);
    expect(annotation?.message.endsWith("…")).toBe(true);
  });

  it("keeps an inline comment within 65,536 characters, with its fingerprint", () => {
    const comment = inline({ body: "word ".repeat(30_000) });
    const body = renderInlineComment(comment, policy);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(fingerprintInBody(body)).toBe(comment.fingerprint);
  });
});
