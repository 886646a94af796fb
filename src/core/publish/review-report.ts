import type { SkippedFile } from "../diff/select-files.js";
import type { Placement } from "../findings/place-findings.js";
import type { Severity } from "../findings/review-tool.js";

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
}

/** Everything a finished review produced, as plain data: what the publishing renderers turn into text. */
export interface ReviewReport {
  readonly headSha: string;
  readonly modelName: string;
  readonly summaries: readonly string[];
  readonly placement: Placement;
  readonly filesReviewed: readonly string[];
  readonly skipped: readonly SkippedFile[];
  readonly failedParts: readonly FailedPart[];
  /** Findings the model sent that did not fit the schema. */
  readonly invalidFindings: readonly string[];
  readonly configProblems: readonly string[];
  readonly usage: TokenUsage;
  readonly modelTime?: ModelTime;
}

export function countBySeverity(report: ReviewReport): ReadonlyMap<Severity, number> {
  const counts = new Map<Severity, number>();
  const all = [...report.placement.inline.map((c) => c.finding), ...report.placement.unplaced.map((u) => u.finding)];
  for (const finding of all) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return counts;
}

export function totalFindings(report: ReviewReport): number {
  return report.placement.inline.length + report.placement.unplaced.length;
}
