import { REPO_CONFIG_PATH } from "../config/repo-config.js";
import { ReviewInterrupted } from "../errors.js";
import { SEVERITIES } from "../findings/review-tool.js";
import { severityRank } from "../findings/select-findings.js";
import { toolUseText, verificationText } from "./agent-lines.js";
import { annotationsFor, type CheckAnnotation } from "./annotations.js";
import type { NotAutomaticState, PausedState } from "../incremental/review-state.js";
import { codeText, NO_LINKS, sanitiseMarkdown, sanitiseMarkdownLine, type OutputPolicy } from "../trust/sanitise-output.js";
import { fitToLimit } from "./markdown.js";
import { howToAskForReview, whyNotAutomatic } from "./not-automatic-notice.js";
import { gapsHeadline, reviewGaps } from "./review-gaps.js";
import { countBySeverity, newFindingCount, openFindings, outputPolicyOf, type FailOn, type ReviewReport } from "./review-report.js";

export const CHECK_RUN_TEXT_LIMIT = 65_535;

export type CheckRunConclusion = "success" | "neutral" | "failure" | "cancelled" | "timed_out" | "skipped";

export interface CheckRunOutput {
  readonly conclusion: CheckRunConclusion;
  readonly title: string;
  readonly summary: string;
  /** Sent 50 per request by the adapter; GitHub appends them. */
  readonly annotations?: readonly CheckAnnotation[];
}

/** The button on the completed check run; a click sends `check_run.requested_action` with this identifier. */
export const RERUN_ACTION = { label: "Re-run review", description: "Review the whole pull request again", identifier: "rerun" } as const;

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function configSection(problems: readonly string[], policy: OutputPolicy): string[] {
  if (problems.length === 0) return [];
  return [
    `**\`${REPO_CONFIG_PATH}\` is invalid; the review used the default settings.** Fix the file on the default branch:\n` +
      // They quote the repository's file (its keys, its values): text nobody here wrote.
      problems.map((p) => `- ${sanitiseMarkdownLine(p, policy)}`).join("\n"),
  ];
}

function capsSection(notes: readonly string[] | undefined): string[] {
  if (notes === undefined || notes.length === 0) return [];
  return [`**Lowered to this server's limits** (\`${REPO_CONFIG_PATH}\`):\n${notes.map((n) => `- ${n}`).join("\n")}`];
}

/**
 * The `fail_on` policy: the check fails only when an open finding is at least that severe. It is a success only
 * when nothing stands open and nothing is missing: findings that could not be used, an answer that stayed
 * incomplete or a part not reviewed make it neutral, never an all-clear.
 */
export function conclusionFor(report: ReviewReport): CheckRunConclusion {
  const open = openFindings(report);
  const failOn: FailOn = report.failOn;
  if (failOn !== "never" && open.some((f) => severityRank(f.severity) <= severityRank(failOn))) return "failure";
  return open.length === 0 && reviewGaps(report).length === 0 ? "success" : "neutral";
}

function titleFor(report: ReviewReport): string {
  const open = openFindings(report);
  const gaps = reviewGaps(report);
  const found = open.length === 0 ? undefined : `${plural(open.length, "finding")} (${severityList(countBySeverity(open))})`;
  if (gaps.length === 0) return found ?? "No issues found";
  return found === undefined ? gapsHeadline(gaps) : `${found}; ${gaps.join("; ")}`;
}

function incompleteLine(report: ReviewReport, policy: OutputPolicy): string[] {
  const parts = report.incompleteParts;
  const first = parts[0];
  if (first === undefined) return [];
  const paths = first.paths.slice(0, 5).map(codeText).join(", ") + (first.paths.length > 5 ? ", …" : "");
  return [
    `**The model's answer stayed incomplete** for ${plural(parts.length, "part")} of the diff ` +
      `(${paths}${parts.length > 1 ? "; …" : ""}): ${sanitiseMarkdownLine(first.reason.replace(/\s+/g, " ").slice(0, 500), policy)}. Its complete findings are posted; findings it did not give are missing. ` +
      "Re-run the review to try again.",
  ];
}

export function severityList(counts: ReadonlyMap<string, number>): string {
  return SEVERITIES.filter((s) => (counts.get(s) ?? 0) > 0)
    .map((s) => `${counts.get(s) ?? 0} ${s}`)
    .join(", ");
}

/** The check run says whether the review happened, what stands open, and what the policy makes of it. */
export function checkRunOutputForReport(report: ReviewReport): CheckRunOutput {
  const { selection } = report;
  const policy = outputPolicyOf(report);
  const scope =
    report.scope.kind === "incremental" ? `the changes since \`${report.scope.baseSha.slice(0, 7)}\`` : `the whole pull request (${report.scope.reason})`;
  const lines = [
    `Reviewed ${scope} at \`${report.headSha.slice(0, 7)}\` with \`${report.modelName}\`: ${plural(report.filesReviewed.length, "file")}, ` +
      `${plural(newFindingCount(report), "new finding")}, ${plural(selection.comments.length, "inline comment")}.`,
    ...(report.failOn === "never" ? [] : [`Policy: the check fails on open findings of severity ${report.failOn} or above (\`fail_on\`).`]),
    ...(selection.alreadyReported.length > 0 ? [`${plural(selection.alreadyReported.length, "finding")} already reported earlier, not repeated.`] : []),
    ...(report.stillOpen.length > 0 ? [`${plural(report.stillOpen.length, "finding")} from earlier reviews still open.`] : []),
    ...(report.closed.length > 0 ? [`${plural(report.closed.length, "earlier finding")} addressed by this push.`] : []),
    ...(report.skipped.length > 0 ? [`${plural(report.skipped.length, "file")} not reviewed (listed in the summary comment).`] : []),
    ...(report.failedParts.length > 0
      ? [`The model call failed for ${plural(report.failedParts.length, "part")} of the diff: ${report.failedParts[0]?.error ?? ""}`]
      : []),
    ...incompleteLine(report, policy),
    ...(report.invalidFindings.length > 0
      ? [
          `**${plural(report.invalidFindings.length, "finding")} from the model could not be used** (no file, line or explanation, even after mending) ` +
            `and ${report.invalidFindings.length === 1 ? "was" : "were"} dropped ` +
            `(${sanitiseMarkdownLine((report.invalidFindings[0] ?? "").replace(/\s+/g, " ").slice(0, 500), policy)}${report.invalidFindings.length > 1 ? "; …" : ""}).`,
        ]
      : []),
    ...(report.dropped.length > 0 ? [`${plural(report.dropped.length, "finding")} on files outside this review were dropped.`] : []),
    ...(report.verification === undefined ? [] : [sanitiseMarkdownLine(verificationText(report.verification), policy)]),
    ...(report.toolUse === undefined ? [] : [toolUseText(report.toolUse)]),
    ...configSection(report.configProblems, policy),
    ...capsSection(report.configNotes),
    ...report.summaries.map((s) => sanitiseMarkdown(s.trim(), policy)).filter((s) => s !== ""),
    `Model tokens: ${report.usage.promptTokens} in, ${report.usage.completionTokens} out` +
      (report.modelTime !== undefined
        ? `, in ${plural(report.modelTime.calls, "call")} taking ${(report.modelTime.durationMs / 1000).toFixed(1)} s of model time.`
        : "."),
  ];
  const annotated = [...selection.comments, ...selection.inBody, ...selection.summaryOnly.map((s) => s.placed)];
  return {
    conclusion: conclusionFor(report),
    title: titleFor(report),
    summary: fitToLimit(lines.join("\n\n"), "", CHECK_RUN_TEXT_LIMIT),
    annotations: annotationsFor(annotated, policy),
  };
}

/** When no review could be posted, the check run carries the reason in words the user can act on. */
export function checkRunOutputForFailure(reason: string, configProblems: readonly string[]): CheckRunOutput {
  return {
    conclusion: "failure",
    title: "Review failed",
    summary: fitToLimit([`The review could not be completed: ${reason}`, ...configSection(configProblems, NO_LINKS)].join("\n\n"), "", CHECK_RUN_TEXT_LIMIT),
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

/**
 * A push while automatic reviews are paused: the commit gets a completed check run, so the pull request does not
 * wait for one, and `skipped` (which a required check accepts as passing) says no review was made.
 */
export function checkRunOutputForPaused(paused: PausedState): CheckRunOutput {
  return {
    conclusion: "skipped",
    title: "Reviews paused — comment /resume",
    summary:
      `Automatic reviews of this pull request were paused with \`/pause\` by \`${paused.by.replace(/`/g, "")}\`, so this commit was not reviewed. ` +
      "Comment `/resume` to review pushes again, or `/review` to review this commit now.",
  };
}

/**
 * A push the repository's `automatic_reviews` keeps from being reviewed: completed at once and `skipped`, like a
 * paused push, so the pull request waits for nothing and a Re-run or `/review` of the commit still reviews it.
 */
export function checkRunOutputForNotAutomatic(state: NotAutomaticState): CheckRunOutput {
  return {
    conclusion: "skipped",
    title: state.ask === "command" ? "Not reviewed automatically — comment /review" : "Not reviewed automatically — re-run to review",
    summary: `This commit was not reviewed: ${whyNotAutomatic(state)} ${howToAskForReview(state.ask)}`,
  };
}
