import type { DiffSide, Hunk, LineIndex } from "../../../../src/core/diff/types.js";
import { hunkOf, isCommentable } from "../../../../src/core/diff/line-index.js";

/** A file's lines as the diff core numbers them: split on /\r?\n/, the terminator of the last line dropped. */
export function fileLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Checks parsed hunks and their index against the files the diff was made from, and returns what is
 * wrong (nothing when consistent):
 * - every line commentable on RIGHT (LEFT) is the diff line with that new (old) number, and its text is the
 *   new (old) file's line at that number; no number appears twice on a side;
 * - every added (deleted) line is commentable on RIGHT (LEFT) in its own hunk;
 * - applying the hunks to the old file gives the new file.
 */
export function findDiffProblems(
  hunks: readonly Hunk[],
  index: LineIndex,
  before: string,
  after: string,
): string[] {
  const oldLines = fileLines(before);
  const newLines = fileLines(after);
  return [
    ...checkSide("RIGHT", hunks, index, newLines),
    ...checkSide("LEFT", hunks, index, oldLines),
    ...checkChangedLinesAreCommentable(hunks, index),
    ...checkHunksRebuildNewFile(hunks, oldLines, newLines),
  ];
}

function checkSide(side: DiffSide, hunks: readonly Hunk[], index: LineIndex, fileContent: readonly string[]): string[] {
  const problems: string[] = [];
  const textByNumber = new Map<number, string>();
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      const number = side === "RIGHT" ? line.newLine : line.oldLine;
      if (number === undefined) continue;
      if (textByNumber.has(number)) problems.push(`${side} line ${number} appears twice in the diff`);
      textByNumber.set(number, line.text);
    }
  }
  const indexed = side === "RIGHT" ? index.right : index.left;
  if (indexed.size !== textByNumber.size) {
    problems.push(`${side}: index has ${indexed.size} lines, diff has ${textByNumber.size}`);
  }
  for (const number of indexed.keys()) {
    const diffText = textByNumber.get(number);
    const fileText = fileContent[number - 1];
    if (diffText === undefined) problems.push(`${side} line ${number} is commentable but in no hunk`);
    else if (diffText !== fileText) {
      problems.push(`${side} line ${number}: diff says ${JSON.stringify(diffText)}, file has ${JSON.stringify(fileText)}`);
    }
  }
  return problems;
}

function checkChangedLinesAreCommentable(hunks: readonly Hunk[], index: LineIndex): string[] {
  const problems: string[] = [];
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "add" && (line.newLine === undefined || hunkOf(index, "RIGHT", line.newLine) !== hunk.index)) {
        problems.push(`added line ${String(line.newLine)} of hunk ${hunk.index} is not commentable on RIGHT in it`);
      }
      if (line.kind === "delete" && (line.oldLine === undefined || !isCommentable(index, "LEFT", line.oldLine))) {
        problems.push(`deleted line ${String(line.oldLine)} of hunk ${hunk.index} is not commentable on LEFT`);
      }
    }
  }
  return problems;
}

function checkHunksRebuildNewFile(
  hunks: readonly Hunk[],
  oldLines: readonly string[],
  newLines: readonly string[],
): string[] {
  const rebuilt: string[] = [];
  let nextOldLine = 1;
  for (const hunk of hunks) {
    // A hunk that removes nothing names the old line after which it inserts, not its first line.
    const firstOldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    rebuilt.push(...oldLines.slice(nextOldLine - 1, firstOldLine - 1));
    nextOldLine = firstOldLine;
    for (const line of hunk.lines) {
      if (line.kind !== "add") nextOldLine += 1;
      if (line.kind !== "delete") rebuilt.push(line.text);
    }
  }
  rebuilt.push(...oldLines.slice(nextOldLine - 1));
  if (rebuilt.length !== newLines.length) {
    return [`applying the hunks gives ${rebuilt.length} lines, the new file has ${newLines.length}`];
  }
  const firstDifference = rebuilt.findIndex((text, i) => text !== newLines[i]);
  return firstDifference < 0
    ? []
    : [`applying the hunks gives ${JSON.stringify(rebuilt[firstDifference])} at new line ${firstDifference + 1}`];
}
