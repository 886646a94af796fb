import { REPO_CONFIG_PATH } from "../config/repo-config.js";
import { findingHeadline } from "./render-comment.js";
import { fitToLimit, hiddenMarker, sanitiseModelMarkdown } from "./markdown.js";
import type { ReviewReport } from "./review-report.js";

export const REVIEW_BODY_LIMIT = 65_536;

function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join("\n");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function details(summary: string, body: string): string {
  return `<details>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** The body of the PR review: the model's summary, findings that could not sit on a diff line, and coverage. */
export function renderReviewBody(report: ReviewReport): string {
  const parts: string[] = [];
  const summaries = report.summaries.map((s) => sanitiseModelMarkdown(s.trim())).filter((s) => s !== "");
  parts.push(summaries.length > 0 ? summaries.join("\n\n") : "Review complete.");

  const { unplaced } = report.placement;
  if (unplaced.length > 0) {
    parts.push(
      `### Findings outside the diff\n${bulletList(
        unplaced.map(
          (u) =>
            `${findingHeadline(u.finding)} — ${code(u.finding.path)} line ${u.finding.line}: ` +
            `${sanitiseModelMarkdown(u.finding.title !== undefined ? u.finding.body.trim() : "")}`.trimEnd() +
            ` _(not on a diff line: ${u.reason})_`,
        ),
      )}`,
    );
  }
  if (report.failedParts.length > 0) {
    parts.push(
      `### Not reviewed because the model call failed\n${bulletList(
        report.failedParts.map((f) => `${f.paths.map(code).join(", ")}: ${f.error}`),
      )}`,
    );
  }
  if (report.skipped.length > 0) {
    parts.push(
      details(
        `Files not reviewed (${report.skipped.length})`,
        bulletList(report.skipped.map((s) => `${code(s.path)}: ${s.reason}`)),
      ),
    );
  }
  if (report.configProblems.length > 0) {
    parts.push(
      `> [!WARNING]\n> ${code(REPO_CONFIG_PATH)} is invalid, so the defaults were used:\n${report.configProblems
        .map((p) => `> - ${p}`)
        .join("\n")}`,
    );
  }
  const footer =
    `\n\n---\n<sub>Reviewed ${report.filesReviewed.length} file${report.filesReviewed.length === 1 ? "" : "s"} ` +
    `at ${report.headSha.slice(0, 7)} with ${code(report.modelName)}.</sub>\n${hiddenMarker("review", report.headSha)}`;
  return fitToLimit(parts.join("\n\n"), footer, REVIEW_BODY_LIMIT);
}
