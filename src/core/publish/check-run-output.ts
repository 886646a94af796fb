import { REPO_CONFIG_PATH } from "../config/repo-config.js";
import { ReviewInterrupted } from "../errors.js";
import { SEVERITIES } from "../findings/review-tool.js";
import { fitToLimit, sanitiseModelMarkdown } from "./markdown.js";
import { countBySeverity, totalFindings, type ReviewReport } from "./review-report.js";

export const CHECK_RUN_TEXT_LIMIT = 65_535;

export type CheckRunConclusion = "success" | "neutral" | "failure" | "cancelled" | "timed_out";

export interface CheckRunOutput {
  readonly conclusion: CheckRunConclusion;
  readonly title: string;
  readonly summary: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function configSection(problems: readonly string[]): string[] {
  if (problems.length === 0) return [];
  return [
    `**\`${REPO_CONFIG_PATH}\` is invalid; the review used the default settings.** Fix the file on the default branch:\n` +
      problems.map((p) => `- ${p}`).join("\n"),
  ];
}

/**
 * The check run says whether the review happened and what it found; it never blocks a merge on the model's
 * opinion alone (`neutral`, not `failure`, when there are findings).
 */
export function checkRunOutputForReport(report: ReviewReport): CheckRunOutput {
  const total = totalFindings(report);
  const counts = countBySeverity(report);
  const bySeverity = SEVERITIES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${counts.get(s) ?? 0} ${s}`)
    .join(", ");
  const title = total === 0 ? "No issues found" : `${plural(total, "finding")} (${bySeverity})`;
  const lines = [
    `Reviewed ${plural(report.filesReviewed.length, "file")} at \`${report.headSha.slice(0, 7)}\` with \`${report.modelName}\`: ` +
      `${plural(report.placement.inline.length, "inline comment")}` +
      (report.placement.unplaced.length > 0 ? `, ${report.placement.unplaced.length} in the review body` : "") +
      ".",
    ...(report.skipped.length > 0 ? [`${plural(report.skipped.length, "file")} not reviewed (listed in the review).`] : []),
    ...(report.failedParts.length > 0
      ? [`The model call failed for ${plural(report.failedParts.length, "part")} of the diff: ${report.failedParts[0]?.error ?? ""}`]
      : []),
    ...(report.invalidFindings.length > 0
      ? [`${plural(report.invalidFindings.length, "finding")} from the model did not match the review schema and were dropped.`]
      : []),
    ...configSection(report.configProblems),
    ...report.summaries.map((s) => sanitiseModelMarkdown(s.trim())).filter((s) => s !== ""),
    `Model tokens: ${report.usage.promptTokens} in, ${report.usage.completionTokens} out.`,
  ];
  return { conclusion: total > 0 ? "neutral" : "success", title, summary: fitToLimit(lines.join("\n\n"), "", CHECK_RUN_TEXT_LIMIT) };
}

/** When no review could be posted, the check run carries the reason in words the user can act on. */
export function checkRunOutputForFailure(reason: string, configProblems: readonly string[]): CheckRunOutput {
  return {
    conclusion: "failure",
    title: "Review failed",
    summary: fitToLimit([`The review could not be completed: ${reason}`, ...configSection(configProblems)].join("\n\n"), "", CHECK_RUN_TEXT_LIMIT),
  };
}

const INTERRUPTION_TITLES = {
  superseded: "Superseded by a newer push",
  shutdown: "Review interrupted",
  timeout: "Review timed out",
} as const;

/**
 * A review stopped from outside posts nothing; the check run says why. A timeout is `timed_out` (GitHub shows
 * it as failing), a newer push or a shutdown is `cancelled`.
 */
export function checkRunOutputForInterruption(reason: unknown): CheckRunOutput {
  const interruption = reason instanceof ReviewInterrupted ? reason : new ReviewInterrupted("shutdown", "The review was cancelled.");
  return {
    conclusion: interruption.kind === "timeout" ? "timed_out" : "cancelled",
    title: INTERRUPTION_TITLES[interruption.kind],
    summary: fitToLimit(`${interruption.message}\n\nNothing was posted for this commit.`, "", CHECK_RUN_TEXT_LIMIT),
  };
}

/** A review that never started because the queue was full or the server was stopping. */
export function checkRunOutputForNotStarted(reason: string): CheckRunOutput {
  return {
    conclusion: "cancelled",
    title: "Review not started",
    summary: fitToLimit(`${reason}\n\nPress **Re-run** to review this commit.`, "", CHECK_RUN_TEXT_LIMIT),
  };
}
