import { normaliseCode } from "./fingerprint.js";

export interface SuggestionContext {
  /** The current text of the commented range, in order. */
  readonly range: readonly string[];
  /** The line just before / after the range when the diff shows it. */
  readonly before?: string | undefined;
  readonly after?: string | undefined;
}

/** A suggestion much longer than the range it replaces is usually a rewrite of the surroundings, not of the range. */
const MAX_EXTRA_LINES = 20;

function splitLines(code: string): string[] {
  const trimmed = code.replace(/\r\n/g, "\n").replace(/\n$/, "");
  return trimmed === "" ? [] : trimmed.split("\n");
}

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normaliseCode(a) !== "" && normaliseCode(a) === normaliseCode(b);
}

/**
 * Whether a suggestion can be offered as a committable ```suggestion: GitHub replaces exactly the commented
 * range with it, so it must read as a replacement of that range. A suggestion that repeats the line before or
 * after the range would duplicate that line when committed; one identical to the range changes nothing; one
 * far longer than the range rewrites code the comment does not cover. Those are shown as plain code instead.
 */
export function suggestionFitsRange(suggestion: string, context: SuggestionContext): boolean {
  const lines = splitLines(suggestion);
  const { range } = context;
  if (range.length === 0) return false;
  if (lines.length > range.length + MAX_EXTRA_LINES) return false;
  const unchanged = lines.length === range.length && lines.every((line, i) => normaliseCode(line) === normaliseCode(range[i] ?? ""));
  if (unchanged) return false;
  const first = lines[0];
  const last = lines.at(-1);
  if (same(first, context.before) && !same(first, range[0])) return false;
  if (same(last, context.after) && !same(last, range.at(-1))) return false;
  return true;
}
