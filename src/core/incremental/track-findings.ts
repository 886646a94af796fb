import type { FileDiff, Hunk } from "../diff/types.js";
import type { TrackedFinding } from "./review-state.js";

export type ClosedReason = "rewritten" | "removed";

export interface ClosedFinding {
  readonly finding: TrackedFinding;
  readonly reason: ClosedReason;
}

export interface TrackedAfterPush {
  /** Still open, relocated to the new head's line numbers (and the new name of a renamed file). */
  readonly open: readonly TrackedFinding[];
  /** The push removed or rewrote the lines they pointed at. */
  readonly closed: readonly ClosedFinding[];
}

/** Where the old-file lines of a hunk begin and end (exclusive); `-5,0` means "after line 5". */
function oldSpan(hunk: Hunk): { readonly begin: number; readonly end: number } {
  const begin = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  return { begin, end: begin + hunk.oldLines };
}

function newEnd(hunk: Hunk): number {
  return (hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart) + hunk.newLines;
}

/** A line of the previous head in the new head: its new number, or "changed" when the push deleted it. */
export function mapOldLine(hunks: readonly Hunk[], old: number): number | "changed" {
  let delta = 0;
  for (const hunk of hunks) {
    const { begin, end } = oldSpan(hunk);
    if (old < begin) break;
    if (old < end) {
      const found = hunk.lines.find((line) => line.oldLine === old);
      if (found?.kind === "context" && found.newLine !== undefined) return found.newLine;
      return "changed";
    }
    delta = newEnd(hunk) - end;
  }
  return old + delta;
}

function relocate(finding: TrackedFinding, diff: FileDiff): TrackedFinding | "changed" {
  const first = finding.startLine ?? finding.line;
  const mapped: number[] = [];
  for (let old = first; old <= finding.line; old += 1) {
    const line = mapOldLine(diff.hunks, old);
    if (line === "changed") return "changed";
    mapped.push(line);
  }
  const newFirst = mapped[0];
  const newLast = mapped.at(-1);
  if (newFirst === undefined || newLast === undefined) return "changed";
  // Lines inserted inside the range rewrite it as much as lines deleted from it.
  if (newLast - newFirst !== finding.line - first) return "changed";
  return { ...finding, path: diff.path, line: newLast, ...(finding.startLine === undefined ? {} : { startLine: newFirst }) };
}

/**
 * Follows the open findings of the previous head through a push, given the files the push changed (the
 * compare of the previous head with the new one). RIGHT-side findings move with their lines, or close when
 * the push deleted or rewrote any of them; LEFT-side findings cite the base, which a push does not move.
 */
export function trackThroughPush(findings: readonly TrackedFinding[], changed: readonly FileDiff[], removedPaths: ReadonlySet<string>): TrackedAfterPush {
  const byOldPath = new Map(changed.map((diff) => [diff.previousPath ?? diff.path, diff]));
  const open: TrackedFinding[] = [];
  const closed: ClosedFinding[] = [];
  for (const finding of findings) {
    if (removedPaths.has(finding.path)) {
      closed.push({ finding, reason: "removed" });
      continue;
    }
    const diff = byOldPath.get(finding.path);
    if (diff === undefined || finding.side === "LEFT") {
      open.push(diff === undefined ? finding : { ...finding, path: diff.path });
      continue;
    }
    const moved = relocate(finding, diff);
    if (moved === "changed") closed.push({ finding, reason: "rewritten" });
    else open.push(moved);
  }
  return { open, closed };
}
