import type { ContextLine, FileContext, HunkContext } from "../context/types.js";
import type { FileDiff, Hunk } from "../diff/types.js";

/** Invisible characters that could make a name read differently from what it is (bidi overrides, zero widths). */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u061c\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/gu;

/**
 * File names come from the pull request: keep them on one line so they cannot forge prompt structure, and show
 * invisible characters as `<U+202E>` so the model reads the name as it is.
 */
export function sanitiseInline(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, "�")
    .replace(INVISIBLE, (ch) => `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** Surrounding code is for reading; a minified line of it must not eat the budget. Diff lines stay whole. */
const MAX_CONTEXT_LINE_CHARS = 400;

/** Marks a line outside the diff: no number, so the model has nothing to cite. */
export const CONTEXT_MARKER = ":";
/** Stands for lines left out between two shown lines. */
export const GAP_MARKER = "⋮";

function renderContextLines(lines: readonly ContextLine[], blank: string, previous: number | undefined, next: number | undefined): string[] {
  const rendered: string[] = [];
  let last = previous;
  for (const line of lines) {
    if (last !== undefined && line.newLine > last + 1) rendered.push(`${blank} ${GAP_MARKER}`);
    const text = line.text.length > MAX_CONTEXT_LINE_CHARS ? `${line.text.slice(0, MAX_CONTEXT_LINE_CHARS)}…` : line.text;
    rendered.push(`${blank} ${CONTEXT_MARKER}${text}`);
    last = line.newLine;
  }
  if (next !== undefined && last !== undefined && lines.length > 0 && next > last + 1) rendered.push(`${blank} ${GAP_MARKER}`);
  return rendered;
}

/**
 * One hunk: code above it (unnumbered), the `@@` header, its lines with new-file numbers (deleted lines
 * unnumbered), then code below it (unnumbered). Only numbered lines lie in the diff, so only they can be cited.
 */
export function renderHunk(hunk: Hunk, context?: HunkContext): string {
  const width = String(hunk.newStart + hunk.newLines).length;
  const blank = " ".repeat(width);
  const lines: string[] = [];
  const firstNew = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
  const lastNew = hunk.newStart + hunk.newLines - (hunk.newLines === 0 ? 0 : 1);
  if (context !== undefined) lines.push(...renderContextLines(context.before, blank, undefined, firstNew));
  lines.push(hunk.header);
  for (const line of hunk.lines) {
    if (line.kind === "delete") lines.push(`${blank} -${line.text}`);
    else {
      const number = String(line.newLine ?? "").padStart(width, " ");
      lines.push(`${number} ${line.kind === "add" ? "+" : " "}${line.text}`);
    }
  }
  if (context !== undefined) lines.push(...renderContextLines(context.after, blank, lastNew, undefined));
  return lines.join("\n");
}

export function renderFileHeading(file: FileDiff): string {
  const renamed = file.previousPath !== undefined ? ` (renamed from ${sanitiseInline(file.previousPath)})` : "";
  return `File: ${sanitiseInline(file.path)} [${file.status}]${renamed}`;
}

/** One file's part of the prompt: a heading, then its hunks with new-file line numbers the model can cite. */
export function renderFileDiff(file: FileDiff, hunks: readonly Hunk[] = file.hunks, context?: FileContext): string {
  return [renderFileHeading(file), ...hunks.map((hunk) => renderHunk(hunk, context?.get(hunk.index)))].join("\n");
}
