import type { Severity } from "../findings/review-tool.js";
import type { PlacedFinding } from "../findings/select-findings.js";
import { titleOf } from "../findings/place-findings.js";
import { sanitisePlainText, type OutputPolicy } from "../trust/sanitise-output.js";

/** GitHub takes at most 50 annotations per check-run request; further updates append more. */
export const ANNOTATIONS_PER_REQUEST = 50;
const MAX_TITLE = 255;
/** GitHub's limit for an annotation's message is 64 KB: counted in UTF-8 bytes, not characters. */
const MAX_MESSAGE_BYTES = 64_000;

export interface CheckAnnotation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: "notice" | "warning" | "failure";
  readonly title: string;
  readonly message: string;
}

const LEVEL: Readonly<Record<Severity, CheckAnnotation["level"]>> = { critical: "failure", major: "warning", minor: "notice", nit: "notice" };

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** At most `maxBytes` bytes of UTF-8, cut at a whole character, with an ellipsis when cut. */
function clipBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    // The ellipsis takes 3 bytes.
    if (bytes + size > maxBytes - 3) return `${text.slice(0, end)}…`;
    bytes += size;
    end += ch.length;
  }
  return text;
}

/**
 * One annotation per finding on a line of the head commit. LEFT-side findings cite a deleted line, which the
 * head does not have, so they get none. GitHub shows their text as plain text, so it is sanitised as such.
 */
export function annotationsFor(findings: readonly PlacedFinding[], policy: OutputPolicy): CheckAnnotation[] {
  return findings
    .filter((placed) => placed.side === "RIGHT")
    .map((placed) => {
      const start = "startLine" in placed && placed.startLine !== undefined ? placed.startLine : placed.line;
      return {
        path: placed.path,
        startLine: start,
        endLine: placed.line,
        level: LEVEL[placed.finding.severity],
        title: clip(sanitisePlainText(`[${placed.finding.severity}] ${titleOf(placed.finding)}`, policy).replace(/\s+/g, " "), MAX_TITLE),
        message: clipBytes(sanitisePlainText(placed.finding.body.trim(), policy), MAX_MESSAGE_BYTES),
      };
    });
}

export function pagesOf<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}
