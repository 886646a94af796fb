import type { UnplacedFinding } from "../findings/place-findings.js";
import { plural } from "./check-run-output.js";
import { fitToLimit, hiddenMarker, sanitiseModelMarkdown } from "./markdown.js";
import { findingExplanation, findingHeadline } from "./render-comment.js";
import { gapsHeadline, reviewGaps } from "./review-gaps.js";
import type { ReviewReport } from "./review-report.js";

export const REVIEW_BODY_LIMIT = 65_536;

export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;
}

function bodyFinding(u: UnplacedFinding): string {
  const explanation = findingExplanation(u.finding).replace(/\n+/g, " ");
  return `- ${findingHeadline(u.finding)} — ${inlineCode(u.path)} line ${u.line}${explanation === "" ? "" : `: ${explanation}`} _(${u.reason})_`;
}

/** Review bodies that could not be posted as comments, each with why. */
export interface FailedComment {
  readonly path: string;
  readonly line: number;
  readonly body: string;
  readonly error: string;
}

/**
 * The body of the PR review. The summary comment carries the walkthrough and the tables, so the review says
 * only what it adds: how many comments, and the findings that could not sit on a diff line.
 */
export function renderReviewBody(report: ReviewReport, failedComments: readonly FailedComment[] = []): string {
  const { selection } = report;
  const parts: string[] = [
    `**pr-reviewer** — ${plural(selection.comments.length - failedComments.length, "inline comment")} on ` +
      (report.scope.kind === "incremental" ? `the changes since \`${report.scope.baseSha.slice(0, 7)}\`` : "this pull request") +
      ". The summary comment has the walkthrough and everything not posted inline.",
  ];
  const gaps = reviewGaps(report);
  if (gaps.length > 0) parts.push(`**Not a complete review:** ${gapsHeadline(gaps)}. The summary comment says what is missing.`);
  if (selection.inBody.length > 0) parts.push(`### Findings outside the diff\n${selection.inBody.map(bodyFinding).join("\n")}`);
  if (failedComments.length > 0) {
    parts.push(
      `### Comments GitHub did not accept\n${failedComments
        .map((f) => `- ${inlineCode(f.path)} line ${f.line} (${sanitiseModelMarkdown(f.error)}):\n\n${f.body.replace(/<!--[\s\S]*?-->/g, "").trim()}`)
        .join("\n\n")}`,
    );
  }
  const footer = `\n\n<sub>Reviewed at ${report.headSha.slice(0, 7)} with ${inlineCode(report.modelName)}.</sub>\n${hiddenMarker("review", report.headSha)}`;
  return fitToLimit(parts.join("\n\n"), footer, REVIEW_BODY_LIMIT);
}
