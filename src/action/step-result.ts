import { renderMarkdownReport } from "../core/formats/markdown-report.js";
import { meetsThreshold, type FailThreshold } from "../core/formats/reported-findings.js";
import { openFindings } from "../core/publish/review-report.js";
import type { CommentResult } from "../core/conversation/respond.js";
import { describeSkip, type JobOutcome } from "../engine/run-review-job.js";

export interface PullRequestName {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** The pull request's page, for the job summary's heading. */
  readonly url: string;
}

/** How the step ends, and what it leaves on the run's page. */
export interface StepResult {
  readonly exitCode: 0 | 1;
  /** Why the step failed, for the one `::error::` annotation; absent when it passed or failed on findings. */
  readonly error?: string;
  /** A line for the log (why nothing was reviewed, or why the step failed on findings). */
  readonly message: string;
  readonly summary: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * The step passes when the review was made and no open finding meets `fail_on`; it fails when one does, and
 * when the review could not be made (with the reason). A run with nothing to review passes.
 */
export function stepResultOf(outcome: JobOutcome, pullRequest: PullRequestName, failOn: FailThreshold | undefined): StepResult {
  const name = `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`;
  const heading = `## pr-reviewer: [${name}](${pullRequest.url})`;
  if (outcome.kind === "skipped") {
    const message = `Not reviewed: ${describeSkip(outcome.reason)}.`;
    return { exitCode: 0, message, summary: `${heading}\n\n${message}\n`, outputs: { findings: "0", conclusion: "skipped" } };
  }
  const report = outcome.kind === "reviewed" ? outcome.outcome.report : undefined;
  if (outcome.kind === "failed" || report === undefined) {
    const reason =
      outcome.kind === "failed"
        ? outcome.error
        : (outcome.outcome.error ?? `the review was stopped before it finished (${outcome.outcome.conclusion}); nothing was posted`);
    return {
      exitCode: 1,
      error: `The review could not be done: ${reason}`,
      message: `The review could not be done: ${reason}`,
      summary: `${heading}\n\n**The review could not be done:** ${reason}\n`,
      outputs: { findings: "0", conclusion: outcome.kind === "failed" ? "failure" : outcome.outcome.conclusion },
    };
  }
  const threshold = failOn ?? report.failOn;
  const open = openFindings(report);
  const failed = meetsThreshold(open, threshold);
  return {
    exitCode: failed ? 1 : 0,
    message: failed
      ? `Failing the step: an open finding is ${threshold} or worse (fail_on: ${threshold}).`
      : `Reviewed: ${open.length} open finding${open.length === 1 ? "" : "s"}${threshold === "never" ? "" : `, none ${threshold} or worse`}.`,
    summary: renderMarkdownReport(report, { heading }),
    outputs: { findings: String(open.length), conclusion: failed ? "failure" : outcome.outcome.conclusion },
  };
}

/** What was done about a comment, in words for the log and the job summary. */
function describeComment(result: CommentResult, by: string): string {
  const what = result.action === "answer" ? `the reply of @${by} in a review thread` : result.action === "none" ? `the comment of @${by}` : `\`/${result.action}\` from @${by}`;
  const why = result.reason === undefined ? "" : ` (${result.reason})`;
  switch (result.outcome) {
    case "done":
      return result.action === "answer" ? `Answered ${what}.` : `Did ${what}.`;
    case "denied":
      return `Refused ${what}: below commands.min_permission${why}.`;
    case "limited":
      return `Refused ${what}: over the operator's limits${why}.`;
    case "ignored":
      return `Nothing to do for ${what}${why}.`;
    case "failed":
      return `Could not respond to ${what}: ${result.reason ?? "see the log"}`;
  }
}

/**
 * A comment run that asked for no review: it passes unless responding failed (GitHub refused a write, the model
 * could not answer), which fails the step with the reason, as a failed review does. A person's answer on the pull
 * request already says the same in words.
 */
export function commentStepResult(result: CommentResult, by: string, pullRequest: PullRequestName): StepResult {
  const heading = `## pr-reviewer: [${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}](${pullRequest.url})`;
  const message = describeComment(result, by);
  const outputs = { findings: "0", conclusion: "skipped" };
  if (result.outcome === "failed") return { exitCode: 1, error: message, message, summary: `${heading}\n\n**${message}**\n`, outputs };
  return { exitCode: 0, message, summary: `${heading}\n\n${message}\n`, outputs };
}
