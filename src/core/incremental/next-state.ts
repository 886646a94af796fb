import { titleOf } from "../findings/place-findings.js";
import { severityRank, type PlacedFinding } from "../findings/select-findings.js";
import type { ReviewReport } from "../publish/review-report.js";
import { MAX_TRACKED_FINDINGS, trackedTitle, type ReviewState, type TrackedFinding } from "./review-state.js";

function tracked(placed: PlacedFinding): TrackedFinding {
  const startLine = "startLine" in placed ? placed.startLine : undefined;
  return {
    fingerprint: placed.fingerprint,
    severity: placed.finding.severity,
    path: placed.path,
    side: placed.side,
    line: placed.line,
    ...(startLine === undefined ? {} : { startLine }),
    title: trackedTitle(titleOf(placed.finding)),
  };
}

/**
 * The state the summary comment carries after this review: the head it covered and every finding that stands
 * open — found now (at its current place) or still open from before — the most severe first. Whether automatic
 * reviews are paused, or kept off by the repository's `automatic_reviews`, is not the review's to change: it comes
 * from the summary as it is when the review ends (see `carriedState`).
 */
export function nextState(report: ReviewReport, carried: Pick<ReviewState, "paused" | "notAutomatic"> = {}): ReviewState {
  const { selection } = report;
  const current = [...selection.comments, ...selection.inBody, ...selection.summaryOnly.map((s) => s.placed), ...selection.alreadyReported].map(tracked);
  const byFingerprint = new Map<string, TrackedFinding>();
  for (const finding of [...current, ...report.stillOpen]) if (!byFingerprint.has(finding.fingerprint)) byFingerprint.set(finding.fingerprint, finding);
  const findings = [...byFingerprint.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).slice(0, MAX_TRACKED_FINDINGS);
  return {
    version: 1, headSha: report.headSha, findings,
    ...(carried.paused === undefined ? {} : { paused: carried.paused }),
    ...(carried.notAutomatic === undefined ? {} : { notAutomatic: carried.notAutomatic }),
  };
}

/**
 * What a review keeps of the summary's state as it is when the review ends: the pause, always (a `/pause` may have
 * landed while the model worked); that pushes are not reviewed automatically only when this review was asked for
 * (`/review`, a re-run) — an automatic review ran because the repository's `automatic_reviews` let it, so the
 * notice no longer holds.
 */
export function carriedState(current: ReviewState | undefined, automatic: boolean): Pick<ReviewState, "paused" | "notAutomatic"> {
  return {
    ...(current?.paused === undefined ? {} : { paused: current.paused }),
    ...(automatic || current?.notAutomatic === undefined ? {} : { notAutomatic: current.notAutomatic }),
  };
}
