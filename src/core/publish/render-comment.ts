import { titleOf, type InlineComment } from "../findings/place-findings.js";
import type { Finding, Severity } from "../findings/review-tool.js";
import { guardCode, sanitiseMarkdown, sanitiseMarkdownLine, type OutputPolicy } from "../trust/sanitise-output.js";
import { fenceFor, fitToLimit, hiddenMarker } from "./markdown.js";

/** GitHub's limit for a review comment's body. */
export const COMMENT_BODY_LIMIT = 65_536;

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

export function findingHeadline(finding: Finding, policy: OutputPolicy): string {
  const title = titleOf(finding).split("\n", 1)[0] ?? "";
  return `${SEVERITY_BADGE[finding.severity]} ${sanitiseMarkdownLine(title.trim(), policy)}`;
}

/** The model's explanation, without the line that already serves as the title (not yet sanitised). */
function explanationText(finding: Finding): string {
  if (finding.title !== undefined) return finding.body.trim();
  return finding.body.split("\n").slice(1).join("\n").trim();
}

export function findingExplanation(finding: Finding, policy: OutputPolicy): string {
  return sanitiseMarkdown(explanationText(finding), policy);
}

/** The explanation on one line, for lists. */
export function findingExplanationLine(finding: Finding, policy: OutputPolicy): string {
  return sanitiseMarkdownLine(explanationText(finding), policy);
}

/**
 * The model's code, in a fence of our own. A suggestion stays committable only when its code needed no change
 * to be safe to post (a line that is a bot command is not posted as is, see `guardCode`).
 */
function renderSuggestion(code: string, committable: boolean): string {
  const trimmed = code.replace(/\r?\n$/, "");
  const guarded = guardCode(trimmed);
  const fence = fenceFor(guarded.code);
  return committable && !guarded.altered ? `${fence}suggestion\n${trimmed}\n${fence}` : `Suggested code:\n${fence}\n${guarded.code}\n${fence}`;
}

/**
 * The markdown of one inline comment: severity badge and title, explanation, the suggestion (committable only
 * when placement judged it a replacement of exactly the commented RIGHT-side range), and the fingerprint.
 */
export function renderInlineComment(comment: InlineComment, policy: OutputPolicy): string {
  const { finding } = comment;
  const parts = [findingHeadline(finding, policy)];
  const explanation = findingExplanation(finding, policy);
  if (explanation !== "") parts.push(explanation);
  if (finding.suggestion !== undefined) parts.push(renderSuggestion(finding.suggestion, comment.committableSuggestion));
  return fitToLimit(parts.join("\n\n"), `\n\n${fingerprintMarker(comment.fingerprint)}`, COMMENT_BODY_LIMIT);
}
