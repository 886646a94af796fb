import type { InlineComment, UnplacedFinding } from "./place-findings.js";
import { SEVERITIES, type Severity } from "./review-tool.js";

export interface NoiseSettings {
  /** Findings below this severity are listed in the summary only. */
  readonly severityThreshold: Severity;
  /** At most this many inline comments per review, the most severe first. */
  readonly maxComments: number;
  /** Findings whose confidence is below this are not published; findings without a confidence are kept. */
  readonly confidenceThreshold: number;
}

export type PlacedFinding = InlineComment | UnplacedFinding;

export type SummaryOnlyReason = "below the severity threshold" | "over the comment limit";

export interface SummaryOnlyFinding {
  readonly placed: PlacedFinding;
  readonly reason: SummaryOnlyReason;
}

export interface Selection {
  /** Inline comments for the review, most severe first. */
  readonly comments: readonly InlineComment[];
  /** Findings on a reviewed file but off the diff, for the review body. */
  readonly inBody: readonly UnplacedFinding[];
  /** Findings listed in the summary comment only. */
  readonly summaryOnly: readonly SummaryOnlyFinding[];
  /** Below the confidence threshold: counted, not shown. */
  readonly lowConfidence: readonly PlacedFinding[];
  /** Already on the pull request (earlier run or earlier part of this run): not posted again. */
  readonly alreadyReported: readonly PlacedFinding[];
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isInlineComment(placed: PlacedFinding): placed is InlineComment {
  return !("reason" in placed);
}

/**
 * Noise control: what of the placed findings gets published where. Order matters: a repeat is never posted;
 * a finding the model is unsure of is not published; a minor one goes to the summary; and of the rest only
 * the most severe `maxComments` become inline comments.
 */
export function selectFindings(
  placed: readonly PlacedFinding[],
  knownFingerprints: ReadonlySet<string>,
  settings: NoiseSettings,
): Selection {
  const seen = new Set(knownFingerprints);
  const alreadyReported: PlacedFinding[] = [];
  const lowConfidence: PlacedFinding[] = [];
  const summaryOnly: SummaryOnlyFinding[] = [];
  const candidates: InlineComment[] = [];
  const inBody: UnplacedFinding[] = [];
  for (const item of placed) {
    if (seen.has(item.fingerprint)) {
      alreadyReported.push(item);
      continue;
    }
    seen.add(item.fingerprint);
    const confidence = item.finding.confidence;
    if (confidence !== undefined && confidence < settings.confidenceThreshold) lowConfidence.push(item);
    else if (severityRank(item.finding.severity) > severityRank(settings.severityThreshold)) {
      summaryOnly.push({ placed: item, reason: "below the severity threshold" });
    } else if (isInlineComment(item)) candidates.push(item);
    else inBody.push(item);
  }
  // Stable sort: among equal severities the model's order (usually file order) is kept.
  const bySeverity = [...candidates].sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity));
  const limit = Math.max(0, settings.maxComments);
  for (const extra of bySeverity.slice(limit)) summaryOnly.push({ placed: extra, reason: "over the comment limit" });
  return { comments: bySeverity.slice(0, limit), inBody, summaryOnly, lowConfidence, alreadyReported };
}
