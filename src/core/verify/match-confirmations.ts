import { normalisePath } from "../agent/file-text.js";
import { titleOf } from "../findings/place-findings.js";
import { findingCandidates } from "../findings/validate-review.js";
import type { CheckedFinding } from "./verification-prompt.js";

/** How far the line the verifier echoes may be from the finding's own and still name it. */
export const LINE_TOLERANCE = 3;

export interface Confirmations {
  /** Ids of the checked findings the verifier confirmed. */
  readonly confirmed: ReadonlySet<string>;
  /** Entries of the verifier's list that named no finding of the list (it may not add any): ignored. */
  readonly unmatched: number;
  /** Entries in the verifier's list, matched or not. */
  readonly listed: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function lineOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

const ID = /\bF(\d{1,4})\b/;

function words(value: string): Set<string> {
  return new Set(value.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((word) => word.length > 2));
}

function similarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

function nearLine(finding: CheckedFinding, line: number): boolean {
  const { placed } = finding;
  const start = "startLine" in placed && placed.startLine !== undefined ? placed.startLine : placed.line;
  return line >= start - LINE_TOLERANCE && line <= placed.line + LINE_TOLERANCE;
}

/**
 * Which of the checked findings the verifier's `submit_review` arguments confirm. An entry names a finding by
 * the id it echoes (in its title, else its body or evidence) when the path agrees or is left out; else by its
 * path and a line within the tolerance, the most similar title winning when several are near. Each finding is
 * confirmed at most once; entries read as they arrived (even ones that break the schema), and an entry that
 * names no finding is ignored: the second look can withdraw findings, never add one.
 */
export function matchConfirmations(args: unknown, checked: readonly CheckedFinding[]): Confirmations {
  const entries = (isRecord(args) ? findingCandidates(args["findings"]) : undefined) ?? [];
  const byId = new Map(checked.map((finding) => [finding.id, finding]));
  const confirmed = new Set<string>();
  let unmatched = 0;
  for (const entry of entries) {
    if (!isRecord(entry)) {
      unmatched += 1;
      continue;
    }
    const path = typeof entry["path"] === "string" ? normalisePath(entry["path"]) : undefined;
    const line = lineOf(entry["line"]);
    const title = text(entry["title"]);
    const samePath = (finding: CheckedFinding): boolean => path === undefined || normalisePath(finding.placed.path) === path;
    const idText = [title, text(entry["body"]), text(entry["evidence"])].map((field) => ID.exec(field)?.[0]).find((id) => id !== undefined);
    const named = idText === undefined ? undefined : byId.get(idText);
    // The same finding listed twice is one confirmation; the repeat is not read as another finding nearby.
    if (named !== undefined && samePath(named) && confirmed.has(named.id)) {
      unmatched += 1;
      continue;
    }
    let match = named !== undefined && samePath(named) ? named : undefined;
    if (match === undefined && path !== undefined && line !== undefined) {
      const near = checked.filter((finding) => !confirmed.has(finding.id) && samePath(finding) && nearLine(finding, line));
      match = near
        .map((finding) => ({ finding, score: similarity(title || text(entry["body"]), titleOf(finding.placed.finding)), distance: Math.abs(finding.placed.line - line) }))
        .sort((a, b) => b.score - a.score || a.distance - b.distance)[0]?.finding;
    }
    if (match === undefined) unmatched += 1;
    else confirmed.add(match.id);
  }
  return { confirmed, unmatched, listed: entries.length };
}
