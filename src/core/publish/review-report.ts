import type { Learning } from "../learnings/learning.js";
import type { SkippedFile } from "../diff/select-files.js";
import type { DroppedFinding } from "../findings/place-findings.js";
import type { Severity } from "../findings/review-tool.js";
import type { Selection } from "../findings/select-findings.js";
import type { TrackedFinding } from "../incremental/review-state.js";
import type { ClosedFinding } from "../incremental/track-findings.js";
import type { OutputPolicy } from "../trust/output-policy.js";

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Time spent waiting for the model: the sum over calls, so parallel calls count each. */
export interface ModelTime {
  readonly calls: number;
  readonly durationMs: number;
}

export interface FailedPart {
  readonly paths: readonly string[];
  readonly error: string;
  /** The review's deadline (REVIEW_TIMEOUT_MS) ran out before this part was done. */
  readonly timedOut?: boolean;
}

/** A part whose answer stayed incomplete (cut off, or the model never submitted after its tool calls): what arrived whole was kept, the rest is missing. */
export interface IncompletePart {
  readonly paths: readonly string[];
  readonly reason: string;
}

/** `never`: the check run is neutral when there are findings; otherwise it fails from that severity up. */
export type FailOn = Severity | "never";

export type ScopeSummary = { readonly kind: "full"; readonly reason: string } | { readonly kind: "incremental"; readonly baseSha: string };

/** What the second look made of the findings it was given, for the summary, the check run and the metrics. */
export interface VerificationReport {
  /** The least severe finding checked (`verify`). */
  readonly threshold: Severity;
  /** Checked and confirmed: posted. */
  readonly confirmed: number;
  /** Checked and withdrawn: not posted. */
  readonly withdrawn: number;
  /** Not checked, or their check failed (error, no usable answer): posted as found. */
  readonly unverified: number;
  /** Why findings stayed unverified (the first reason). */
  readonly problem?: string;
}

/** The repository tool calls of a review (the model's, while reviewing and on the second look). */
export interface ToolUse {
  readonly calls: number;
  /** Calls by tool name (`other` for names no tool has). */
  readonly byTool: Readonly<Record<string, number>>;
  /** Calls shortened or refused to stay within the bounds. */
  readonly limited: number;
}

/** Everything a finished review produced, as plain data: what the publishing renderers turn into text. */
export interface ReviewReport {
  readonly headSha: string;
  readonly modelName: string;
  readonly scope: ScopeSummary;
  readonly summaries: readonly string[];
  readonly selection: Selection;
  /** Findings on files the review did not cover. */
  readonly dropped: readonly DroppedFinding[];
  readonly filesReviewed: readonly string[];
  readonly skipped: readonly SkippedFile[];
  readonly failedParts: readonly FailedPart[];
  /** Findings the model sent that could not be used (no path, line or body, even after mending). */
  readonly invalidFindings: readonly string[];
  /** Parts whose answer was cut off and could not be completed. */
  readonly incompleteParts: readonly IncompletePart[];
  readonly configProblems: readonly string[];
  /** Config values lowered to the server's caps (MAX_PROMPT_TOKENS_CAP, MAX_FILES_CAP): a note, not a problem. */
  readonly configNotes?: readonly string[];
  readonly usage: TokenUsage;
  readonly modelTime?: ModelTime;
  readonly durationMs: number;
  /** Open findings of earlier reviews that this review did not see again (their code was not part of this push). */
  readonly stillOpen: readonly TrackedFinding[];
  /** Findings of earlier reviews whose lines this push removed or rewrote. */
  readonly closed: readonly ClosedFinding[];
  readonly failOn: FailOn;
  /** Present when the model was offered the repository tools. */
  readonly toolUse?: ToolUse;
  /** Present when findings were due a second look before posting (`verify`). */
  readonly verification?: VerificationReport;
  /** The GitHub host of the pull request: the only one the posted text may link to. */
  readonly githubHost: string;
  /** Findings like ones reviewers dismissed (see core/learnings): neither posted nor kept open. */
  readonly suppressed?: readonly SuppressedFindingRef[];
}

/** A finding not reported because a lesson learnt from reviewers says findings like it are not wanted. */
export interface SuppressedFindingRef {
  readonly fingerprint: string;
  readonly severity: Severity;
  readonly path: string;
  readonly line: number;
  readonly title: string;
  readonly learning: Pick<Learning, "id" | "source" | "by" | "pullNumber">;
}

/** What the model's text in this report may link to. */
export function outputPolicyOf(report: Pick<ReviewReport, "githubHost">): OutputPolicy {
  return { githubHost: report.githubHost };
}

export interface OpenFindingRef {
  readonly fingerprint: string;
  readonly severity: Severity;
  readonly path: string;
}

/**
 * The findings that stand after this review, each once: found now (and not discarded as unsure), or still
 * open from an earlier review.
 */
export function openFindings(report: ReviewReport): OpenFindingRef[] {
  const { selection } = report;
  const current = [...selection.comments, ...selection.inBody, ...selection.summaryOnly.map((s) => s.placed), ...selection.alreadyReported];
  const byFingerprint = new Map<string, OpenFindingRef>();
  for (const item of [...current, ...report.stillOpen]) {
    const severity = "finding" in item ? item.finding.severity : item.severity;
    if (!byFingerprint.has(item.fingerprint)) byFingerprint.set(item.fingerprint, { fingerprint: item.fingerprint, severity, path: item.path });
  }
  return [...byFingerprint.values()];
}

export function countBySeverity(findings: readonly { readonly severity: Severity }[]): ReadonlyMap<Severity, number> {
  const counts = new Map<Severity, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return counts;
}

/** Findings published by this review for the first time (inline, in the review body or in the summary). */
export function newFindingCount(report: ReviewReport): number {
  const { selection } = report;
  return selection.comments.length + selection.inBody.length + selection.summaryOnly.length;
}
