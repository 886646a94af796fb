import type { DiffSide } from "../diff/types.js";
import { titleOf } from "../findings/place-findings.js";
import type { Severity } from "../findings/review-tool.js";
import { isInlineComment, severityRank, type PlacedFinding } from "../findings/select-findings.js";
import type { ReviewReport } from "../publish/review-report.js";

/** What a finding is, wherever it was published: one line of a linter's report. */
export interface ReportedFinding {
  readonly path: string;
  readonly line: number;
  /** First line of a multi-line range on the same side; absent for one line. */
  readonly startLine?: number;
  readonly side: DiffSide;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
  readonly suggestion?: string;
  /** Stable across runs for the same code and problem (see findings/fingerprint.ts). */
  readonly fingerprint: string;
}

/** `never` never fails; a severity fails on findings of that severity or worse. */
export type FailThreshold = Severity | "never";

function toReported(placed: PlacedFinding): ReportedFinding {
  const { finding } = placed;
  const startLine = isInlineComment(placed) ? placed.startLine : undefined;
  return {
    path: placed.path,
    line: placed.line,
    ...(startLine === undefined ? {} : { startLine }),
    side: placed.side,
    severity: finding.severity,
    title: titleOf(finding),
    body: finding.body.trim(),
    ...(finding.suggestion === undefined ? {} : { suggestion: finding.suggestion }),
    fingerprint: placed.fingerprint,
  };
}

/**
 * The findings of this review, each once, in file and line order: everything the App would publish (inline, in
 * the review body, in the summary only) and what it found again that an earlier review already published.
 * Findings the model was unsure of (below `confidence_threshold`) and findings on files outside the review are
 * left out, as the App leaves them out.
 */
export function reportedFindings(report: ReviewReport): ReportedFinding[] {
  const { selection } = report;
  const placed = [...selection.comments, ...selection.inBody, ...selection.summaryOnly.map((s) => s.placed), ...selection.alreadyReported];
  const byFingerprint = new Map<string, ReportedFinding>();
  for (const item of placed) if (!byFingerprint.has(item.fingerprint)) byFingerprint.set(item.fingerprint, toReported(item));
  return [...byFingerprint.values()].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || severityRank(a.severity) - severityRank(b.severity),
  );
}

/** Whether a finding is at or above the threshold: what makes a gate (exit code, failing step) fail. */
export function meetsThreshold(findings: readonly { readonly severity: Severity }[], threshold: FailThreshold): boolean {
  if (threshold === "never") return false;
  return findings.some((finding) => severityRank(finding.severity) <= severityRank(threshold));
}

export interface ReportedFiles {
  readonly reviewed: readonly string[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * The files in path order. Files of a part whose model call failed were not reviewed after all: they are listed
 * as skipped, with why.
 */
export function reportedFiles(report: ReviewReport): ReportedFiles {
  const failed = new Map<string, string>();
  for (const part of report.failedParts) for (const path of part.paths) failed.set(path, `the model call failed: ${part.error}`);
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    reviewed: report.filesReviewed.filter((path) => !failed.has(path)).sort(byPath),
    skipped: [...report.skipped.map((s) => ({ path: s.path, reason: s.reason })), ...[...failed].map(([path, reason]) => ({ path, reason }))].sort((a, b) => byPath(a.path, b.path)),
  };
}

/** The model's walkthrough of all parts, one paragraph each. */
export function reportSummary(report: ReviewReport): string {
  return report.summaries.map((s) => s.trim()).filter((s) => s !== "").join("\n\n");
}
