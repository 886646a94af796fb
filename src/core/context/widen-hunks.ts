import type { Hunk } from "../diff/types.js";
import type { ContextLine, FileContext, HunkContext } from "./types.js";

/** How far to look for the start or end of the enclosing block; beyond it, no block is assumed. */
const SEARCH_LIMIT = 400;

/** Lines that open a function, method or type in the common languages: where a reader starts reading. */
const KEYWORD_DECLARATION =
  /^\s*(?:(?:export|public|private|protected|internal|static|async|abstract|override|default|final|virtual|pub(?:\([^)]*\))?)\s+)*(?:function|def|class|interface|struct|enum|trait|impl|fn|func|module|namespace|object|type|sub|record)\b/;
/** `name(args) {`, `async get(key: string): Promise<T> {`, but not `if (x) {` and other control flow. */
const CALLABLE_DECLARATION =
  /^\s*(?!(?:if|else|for|foreach|while|do|switch|case|catch|try|finally|return|with|elif|except|when|match|unless)\b)[\w$][\w$.<>[\], ]*\([^;]*\)[^;]*(?:\{|=>|->|:)\s*$/;
const ARROW_DECLARATION = /=>\s*\{\s*$/;

const isDeclaration = (text: string): boolean =>
  KEYWORD_DECLARATION.test(text) || CALLABLE_DECLARATION.test(text) || ARROW_DECLARATION.test(text);

/** Lines that close a block: shown so that a block's end is visible, unlike a line of the next block. */
const CLOSER = /^\s*(?:[}\])]|end\b)/;

/** A line that opens a block whose body follows it. */
const OPENS_BLOCK = /(?:[{([:]|=>|->)\s*$/;

export interface WidenOptions {
  /** At most this many lines above and below each hunk. */
  readonly maxLines: number;
}

function indentOf(text: string): number {
  let width = 0;
  for (const char of text) {
    if (char === " ") width += 1;
    else if (char === "\t") width += 4;
    else break;
  }
  return width;
}

const isBlank = (text: string): boolean => text.trim() === "";

interface ChangeSpan {
  /** New-file position of the first changed line (for a deletion: the line that now follows it). */
  readonly first: number;
  /** New-file position of the last changed line (for a deletion: the line that now precedes it). */
  readonly last: number;
  /** Smallest indentation among the changed lines. */
  readonly indent: number;
  /** Whether the last changed line opens a block (`{`, `:`) whose body lies below it, and its indentation. */
  readonly opensBlockAt: number | undefined;
}

function changeSpan(hunk: Hunk): ChangeSpan | undefined {
  let first: number | undefined;
  let last: number | undefined;
  let indent = Number.POSITIVE_INFINITY;
  let opensBlockAt: number | undefined;
  let previousNew = hunk.newStart - 1;
  for (const line of hunk.lines) {
    if (line.kind === "context") {
      previousNew = line.newLine ?? previousNew;
      continue;
    }
    const position = line.kind === "add" ? (line.newLine ?? previousNew + 1) : previousNew + 1;
    first ??= position;
    last = line.kind === "add" ? position : previousNew;
    if (line.kind === "add") previousNew = position;
    if (!isBlank(line.text)) {
      indent = Math.min(indent, indentOf(line.text));
      opensBlockAt = line.kind === "add" && OPENS_BLOCK.test(line.text) ? indentOf(line.text) : undefined;
    }
  }
  if (first === undefined || last === undefined || indent === Number.POSITIVE_INFINITY) return undefined;
  return { first, last: Math.max(last, first - 1), indent, opensBlockAt };
}

/** The nearest line above `from` that starts a block enclosing code indented by `indent`, if one is near. */
function scopeStart(lines: readonly string[], from: number, indent: number): number | undefined {
  let threshold = indent;
  for (let n = from - 1; n >= Math.max(1, from - SEARCH_LIMIT); n -= 1) {
    const text = lines[n - 1] ?? "";
    if (isBlank(text)) continue;
    const own = indentOf(text);
    if (own >= threshold) continue;
    if (own === 0 || isDeclaration(text)) return n;
    threshold = own;
  }
  return undefined;
}

/** The last line of the block holding code indented by at least `threshold` below `from`, if it ends near. */
function scopeEnd(lines: readonly string[], from: number, threshold: number): number | undefined {
  let lastInside = from;
  for (let n = from + 1; n <= Math.min(lines.length, from + SEARCH_LIMIT); n += 1) {
    const text = lines[n - 1] ?? "";
    if (isBlank(text)) continue;
    if (indentOf(text) >= threshold) {
      lastInside = n;
      continue;
    }
    return CLOSER.test(text) ? n : lastInside;
  }
  return undefined;
}

function take(lines: readonly string[], from: number, to: number): ContextLine[] {
  const taken: ContextLine[] = [];
  for (let n = from; n <= to; n += 1) taken.push({ newLine: n, text: lines[n - 1] ?? "" });
  return taken;
}

/** Lines `from..to`, or when more than `max`: the first line (the declaration) and the `max - 1` nearest `to`. */
function keepNearEnd(lines: readonly string[], from: number, to: number, max: number): ContextLine[] {
  if (to - from + 1 <= max) return take(lines, from, to);
  return [...take(lines, from, from), ...take(lines, to - max + 2, to)];
}

/** Lines `from..to`, or when more than `max`: the `max - 1` nearest `from` and the last line (the closer). */
function keepNearStart(lines: readonly string[], from: number, to: number, max: number): ContextLine[] {
  if (to - from + 1 <= max) return take(lines, from, to);
  return [...take(lines, from, from + max - 2), ...take(lines, to, to)];
}

/** Whether the file text agrees with the diff: otherwise it is some other version, and its lines would mislead. */
function agreesWithDiff(lines: readonly string[], hunks: readonly Hunk[]): boolean {
  return hunks.every((hunk) => hunk.lines.every((line) => line.newLine === undefined || lines[line.newLine - 1] === line.text));
}

/**
 * Surrounding code for each hunk from the head version of the file: above it up to the start of the enclosing
 * function or class, below it to the end of the enclosing block, each side at most `maxLines` lines, found by
 * indentation (cheap, and right for both brace and indentation languages). Lines already shown by a
 * neighbouring hunk are not repeated. Nothing is added when the text does not match the diff.
 */
export function widenHunks(hunks: readonly Hunk[], fileText: string, options: WidenOptions): FileContext {
  const context = new Map<number, HunkContext>();
  if (options.maxLines <= 0) return context;
  const lines = fileText.split(/\r?\n/);
  if (fileText.endsWith("\n")) lines.pop();
  if (!agreesWithDiff(lines, hunks)) return context;

  let shownUpTo = 0;
  for (const [position, hunk] of hunks.entries()) {
    const first = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    const last = hunk.newStart + hunk.newLines - (hunk.newLines === 0 ? 0 : 1);
    const nextStart = hunks[position + 1]?.newStart ?? lines.length + 1;
    const span = changeSpan(hunk);
    let before: ContextLine[] = [];
    let after: ContextLine[] = [];
    // The block the change sits in: the scope found above decides where it ends below, so both sides show the
    // same function; a changed line that opens a block (a new signature) shows that block's body instead.
    const start = span !== undefined && span.indent > 0 ? scopeStart(lines, span.first, span.indent) : undefined;
    if (start !== undefined && start < first) {
      before = keepNearEnd(lines, start, first - 1, options.maxLines).filter((line) => line.newLine > shownUpTo);
    }
    if (span !== undefined) {
      const threshold =
        span.opensBlockAt !== undefined ? span.opensBlockAt + 1 : start !== undefined ? indentOf(lines[start - 1] ?? "") + 1 : span.indent;
      const end = threshold > 0 ? scopeEnd(lines, span.last, threshold) : undefined;
      if (end !== undefined && end > last) {
        after = keepNearStart(lines, last + 1, Math.min(end, nextStart - 1), options.maxLines);
      }
    }
    if (before.length > 0 || after.length > 0) context.set(hunk.index, { before, after });
    shownUpTo = Math.max(last, after.at(-1)?.newLine ?? 0);
  }
  return context;
}
