import type { DiffLine, DiffSide, FileDiff, Hunk } from "../diff/types.js";

/** The number a diff line has on `side`: new-file numbers on the RIGHT, old-file numbers on the LEFT. */
export function numberOn(line: DiffLine, side: DiffSide): number | undefined {
  return side === "RIGHT" ? line.newLine : line.oldLine;
}

/** The lines of one hunk that exist on `side`, in order (RIGHT: added and context; LEFT: deleted and context). */
export function linesOnSide(hunk: Hunk, side: DiffSide): readonly DiffLine[] {
  return hunk.lines.filter((line) => numberOn(line, side) !== undefined);
}

/** The text of lines `start..end` on `side`, as far as the diff shows them. */
export function textOfRange(file: FileDiff, side: DiffSide, start: number, end: number): string[] {
  const texts: string[] = [];
  for (const hunk of file.hunks) {
    for (const line of linesOnSide(hunk, side)) {
      const number = numberOn(line, side);
      if (number !== undefined && number >= start && number <= end) texts.push(line.text);
    }
  }
  return texts;
}

/** The text of the line just before / after a line on `side`, when the same hunk shows it. */
export function neighbourText(hunk: Hunk, side: DiffSide, line: number, offset: -1 | 1): string | undefined {
  return linesOnSide(hunk, side).find((candidate) => numberOn(candidate, side) === line + offset)?.text;
}
