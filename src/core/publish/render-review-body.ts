import type { UnplacedFinding } from "../findings/place-findings.js";
import { plural } from "./check-run-output.js";
import { codeText, sanitiseMarkdownLine, type OutputPolicy } from "../trust/sanitise-output.js";
import { fitToLimit, hiddenMarker } from "./markdown.js";
import { findingExplanationLine, findingHeadline } from "./render-comment.js";
import { gapsHeadline, reviewGaps } from "./review-gaps.js";
import { outputPolicyOf, type ReviewReport } from "./review-report.js";

export const REVIEW_BODY_LIMIT = 65_536;

export function inlineCode(text: string): string {
  return codeText(text);
}

function bodyFinding(u: UnplacedFinding, policy: OutputPolicy): string {
  const explanation = findingExplanationLine(u.finding, policy);
  return `- ${findingHeadline(u.finding, policy)} — ${inlineCode(u.path)} line ${u.line}${explanation === "" ? "" : `: ${explanation}`} _(${sanitiseMarkdownLine(u.reason, policy)})_`;
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
  const policy = outputPolicyOf(report);
  const parts: string[] = [
    `**pr-reviewer** — ${plural(selection.comments.length - failedComments.length, "inline comment")} on ` +
      (report.scope.kind === "incremental" ? `the changes since \`${report.scope.baseSha.slice(0, 7)}\`` : "this pull request") +
      ". The summary comment has the walkthrough and everything not posted inline.",
  ];
  const gaps = reviewGaps(report);
  if (gaps.length > 0) parts.push(`**Not a complete review:** ${gapsHeadline(gaps)}. The summary comment says what is missing.`);
  if (selection.inBody.length > 0) parts.push(`### Findings outside the diff\n${selection.inBody.map((u) => bodyFinding(u, policy)).join("\n")}`);
  if (failedComments.length > 0) {
    parts.push(
      `### Comments GitHub did not accept\n${failedComments
        .map((f) => `- ${inlineCode(f.path)} line ${f.line} (${sanitiseMarkdownLine(f.error, policy)}):\n\n${f.body.replace(/<!--[\s\S]*?-->/g, "").trim()}`)
        .join("\n\n")}`,
    );
  }
  const footer = `\n\n<sub>Reviewed at ${report.headSha.slice(0, 7)} with ${inlineCode(report.modelName)}.</sub>\n${hiddenMarker("review", report.headSha)}`;
  return fitToLimit(parts.join("\n\n"), footer, REVIEW_BODY_LIMIT);
}
