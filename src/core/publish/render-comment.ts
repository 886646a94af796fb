import { titleOf, type InlineComment } from "../findings/place-findings.js";
import type { Finding, Severity } from "../findings/review-tool.js";
import { fenceFor, hiddenMarker, sanitiseModelMarkdown } from "./markdown.js";

export const SEVERITY_BADGE: Readonly<Record<Severity, string>> = {
  critical: "🔴 **Critical**",
  major: "🟠 **Major**",
  minor: "🟡 **Minor**",
  nit: "⚪ **Nit**",
};

/** The hidden marker by which later reviews recognise this comment (and the finding it carries). */
export function fingerprintMarker(fingerprint: string): string {
  return hiddenMarker("fp", fingerprint);
}

const FINGERPRINT_IN_BODY = /<!-- pr-reviewer:fp=([0-9a-f]{14}) -->/;

/** The fingerprint of one of our comments, or undefined for any other comment. */
export function fingerprintInBody(body: string): string | undefined {
  return FINGERPRINT_IN_BODY.exec(body)?.[1];
}

export function findingHeadline(finding: Finding): string {
  const title = titleOf(finding).split("\n", 1)[0] ?? "";
  return `${SEVERITY_BADGE[finding.severity]} ${sanitiseModelMarkdown(title.trim())}`;
}

/** The explanation without the line that already serves as the title. */
export function findingExplanation(finding: Finding): string {
  if (finding.title !== undefined) return sanitiseModelMarkdown(finding.body.trim());
  return sanitiseModelMarkdown(finding.body.split("\n").slice(1).join("\n").trim());
}

function renderSuggestion(code: string, committable: boolean): string {
  const trimmed = code.replace(/\r?\n$/, "");
  const fence = fenceFor(trimmed);
  return committable ? `${fence}suggestion\n${trimmed}\n${fence}` : `Suggested code:\n${fence}\n${trimmed}\n${fence}`;
}

/**
 * The markdown of one inline comment: severity badge and title, explanation, the suggestion (committable only
 * when placement judged it a replacement of exactly the commented RIGHT-side range), and the fingerprint.
 */
export function renderInlineComment(comment: InlineComment): string {
  const { finding } = comment;
  const parts = [findingHeadline(finding)];
  const explanation = findingExplanation(finding);
  if (explanation !== "") parts.push(explanation);
  if (finding.suggestion !== undefined) parts.push(renderSuggestion(finding.suggestion, comment.committableSuggestion));
  parts.push(fingerprintMarker(comment.fingerprint));
  return parts.join("\n\n");
}
