import type { InlineComment } from "../findings/place-findings.js";
import type { Finding, Severity } from "../findings/review-tool.js";
import { fenceFor, hiddenMarker, sanitiseModelMarkdown } from "./markdown.js";

export const SEVERITY_BADGE: Readonly<Record<Severity, string>> = {
  critical: "🔴 **Critical**",
  major: "🟠 **Major**",
  minor: "🟡 **Minor**",
  nit: "⚪ **Nit**",
};

export function findingHeadline(finding: Finding): string {
  const title = finding.title ?? finding.body.split("\n", 1)[0] ?? "";
  return `${SEVERITY_BADGE[finding.severity]} ${sanitiseModelMarkdown(title.trim())}`;
}

function renderSuggestion(code: string, committable: boolean): string {
  const trimmed = code.replace(/\r?\n$/, "");
  const fence = fenceFor(trimmed);
  return committable
    ? `${fence}suggestion\n${trimmed}\n${fence}`
    : `Suggested code:\n${fence}\n${trimmed}\n${fence}`;
}

/** The markdown of one inline comment: severity, explanation, and a committable suggestion when it applies. */
export function renderInlineComment(comment: InlineComment): string {
  const { finding } = comment;
  const parts = [findingHeadline(finding)];
  if (finding.title !== undefined) parts.push(sanitiseModelMarkdown(finding.body.trim()));
  else {
    const rest = finding.body.split("\n").slice(1).join("\n").trim();
    if (rest !== "") parts.push(sanitiseModelMarkdown(rest));
  }
  // A ```suggestion replaces exactly the commented range on the RIGHT side, which placement guarantees.
  if (finding.suggestion !== undefined) parts.push(renderSuggestion(finding.suggestion, comment.side === "RIGHT"));
  parts.push(hiddenMarker("finding"));
  return parts.join("\n\n");
}
