import type { ToolUse, VerificationReport } from "./review-report.js";

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "5 repository tool calls (3 read_file, 2 search_code)", or that the model made none. */
export function toolUseText(toolUse: ToolUse): string {
  if (toolUse.calls === 0) return "The model made no repository tool calls.";
  const byTool = Object.entries(toolUse.byTool)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([tool, count]) => `${count} ${tool}`)
    .join(", ");
  const limited = toolUse.limited > 0 ? `; ${toolUse.limited} shortened or refused to stay within the bounds` : "";
  return `The model looked at the repository with ${plural(toolUse.calls, "tool call")} (${byTool}${limited}).`;
}

function severities(threshold: VerificationReport["threshold"]): string {
  return threshold === "critical" ? "critical" : `${threshold} or above`;
}

/**
 * What the second look did, in one sentence: how many findings it checked, confirmed and withdrew (not posted);
 * and when it failed for some, that nothing of theirs was withdrawn.
 */
export function verificationText(verification: VerificationReport): string {
  const { confirmed, withdrawn, unverified } = verification;
  const checked = confirmed + withdrawn;
  const reason = verification.problem ?? "";
  const problem = reason === "" ? "" : ` (${reason.length > 300 ? `${reason.slice(0, 300)}…` : reason})`;
  const what = `${plural(checked + unverified, "finding")} (${severities(verification.threshold)})`;
  if (checked === 0) return `Second look failed for ${what}${problem}: nothing was withdrawn; they are posted as found.`;
  const outcome = `${confirmed} confirmed, ${withdrawn} withdrawn and not posted`;
  const failed = unverified === 0 ? "" : `; ${unverified} could not be checked${problem} and ${unverified === 1 ? "is" : "are"} posted as found, nothing of theirs withdrawn`;
  return `Second look at ${what} against the complete files: ${outcome}${failed}.`;
}
