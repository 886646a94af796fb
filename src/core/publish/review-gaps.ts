import type { ReviewReport } from "./review-report.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * What this review could not do, as short phrases for a title: findings the model sent that could not be used,
 * answers cut off and never completed, parts of the diff whose model call failed. Empty when the review is
 * whole; otherwise the review must not read as an all-clear, since what is missing may be exactly the problem.
 */
export function reviewGaps(report: Pick<ReviewReport, "invalidFindings" | "incompleteParts" | "failedParts">): string[] {
  const gaps: string[] = [];
  if (report.invalidFindings.length > 0) gaps.push(`${plural(report.invalidFindings.length, "finding")} could not be used`);
  const incomplete = report.incompleteParts.length;
  if (incomplete === 1) gaps.push("the model's answer stayed incomplete");
  else if (incomplete > 1) gaps.push(`the model's answers for ${incomplete} parts stayed incomplete`);
  if (report.failedParts.length > 0) gaps.push(`${plural(report.failedParts.length, "part")} of the diff not reviewed`);
  return gaps;
}

/** The gaps as the start of a title or a sentence: "2 findings could not be used; the model's answer stayed incomplete". */
export function gapsHeadline(gaps: readonly string[]): string {
  const text = gaps.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
