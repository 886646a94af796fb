import { sanitiseInline } from "../prompt/render-diff.js";

/**
 * A path as the model writes it, made a snapshot key: `./src/a.ts`, `/src/a.ts` and `src\a.ts` all mean
 * `src/a.ts`. Nothing here reaches a file system, so `..` cannot escape; it simply names no file.
 */
export function normalisePath(path: string): string {
  return path.trim().replace(/\\/g, "/").replace(/\/{2,}/g, "/").replace(/^(?:\.\/)+/, "").replace(/^\/+/, "");
}

/** The file's lines without their line breaks; a final line break does not start another line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** A line as it may be shown: on one line, and cut when a minified file would spend the budget on it. */
export function showLine(text: string, maxChars: number): string {
  const shown = text.length <= maxChars ? text : `${text.slice(0, maxChars)}… [${text.length - maxChars} more characters]`;
  return sanitiseInline(shown);
}

/** `  12 | code`: the number right-aligned to the widest number shown, at least four columns. */
export function numberedLine(lineNumber: number, text: string, width: number, marker = " "): string {
  return `${marker}${String(lineNumber).padStart(width, " ")} | ${text}`;
}

export function numberWidth(lastLine: number): number {
  return Math.max(3, String(lastLine).length);
}
