import type { DiffSide, Hunk, LineIndex } from "./types.js";

/**
 * Indexes the lines a review comment may be anchored to. GitHub numbers RIGHT-side lines (added and
 * context) in the new file and LEFT-side lines (deleted and context) in the old file; a context line is
 * commentable on both sides.
 */
export function buildLineIndex(hunks: readonly Hunk[]): LineIndex {
  const right = new Map<number, number>();
  const left = new Map<number, number>();
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.newLine !== undefined) right.set(line.newLine, hunk.index);
      if (line.oldLine !== undefined) left.set(line.oldLine, hunk.index);
    }
  }
  return { right, left };
}

/** The index of the hunk holding `line` on `side`, or undefined when the line is not part of the diff. */
export function hunkOf(index: LineIndex, side: DiffSide, line: number): number | undefined {
  return (side === "RIGHT" ? index.right : index.left).get(line);
}

/** Whether GitHub accepts a comment on `line` of `side` ("line must be part of the diff" otherwise). */
export function isCommentable(index: LineIndex, side: DiffSide, line: number): boolean {
  return hunkOf(index, side, line) !== undefined;
}

/**
 * Whether GitHub accepts a multi-line comment from `startLine` to `line` on one side: the start must
 * precede the end, and both must lie in the same hunk. Within a hunk a side's lines are consecutive, so
 * every line between them is part of the diff too.
 */
export function isValidRange(index: LineIndex, side: DiffSide, startLine: number, line: number): boolean {
  if (!(startLine < line)) return false;
  const startHunk = hunkOf(index, side, startLine);
  return startHunk !== undefined && startHunk === hunkOf(index, side, line);
}
