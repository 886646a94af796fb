import { decodeHTMLStrict } from "entities";

/**
 * Markdown prose as GitHub reads it, one character at a time: `literal` characters were written escaped
 * (`\[`) or as an entity (`&#91;`), so they are text, not markup. Code spans are kept whole. `raw` is markup
 * the sanitiser writes itself (the brackets of a link it allows), emitted as is.
 */
export type ProseToken =
  | { readonly kind: "char"; readonly ch: string; literal: boolean }
  | { readonly kind: "code"; readonly content: string }
  | { readonly kind: "raw"; readonly text: string };

export const ZERO_WIDTH_SPACE = "\u200b";
/** Between two code spans: invisible, and (unlike a zero-width space) not removed when the text is sanitised again. */
const CODE_SPAN_SEPARATOR = "\u200c";

const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
const BLANK_LINE = /\n[ \t]*\n/g;

export function char(ch: string, literal = false): ProseToken {
  return { kind: "char", ch, literal };
}

function isAsciiPunctuation(ch: string): boolean {
  return ASCII_PUNCTUATION.test(ch);
}

/** The index of the first of the ascending `values` that is at least `value` (its length when none is). */
function firstAtOrAfter(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Maximal runs of backticks, by length, with the paragraph (text between blank lines) each lies in. */
class BacktickRuns {
  private readonly byLength = new Map<number, number[]>();
  private readonly blankLines: number[] = [];

  constructor(private readonly text: string) {
    for (const match of text.matchAll(/`+/g)) {
      const starts = this.byLength.get(match[0].length) ?? [];
      starts.push(match.index);
      this.byLength.set(match[0].length, starts);
    }
    for (const match of text.matchAll(BLANK_LINE)) this.blankLines.push(match.index);
  }

  /** Where the paragraph holding `position` ends: a code span never crosses a blank line. */
  private paragraphEnd(position: number): number {
    const index = firstAtOrAfter(this.blankLines, position);
    return this.blankLines[index] ?? this.text.length;
  }

  /**
   * The start of the first run of exactly `length` backticks at or after `from` in the same paragraph: the end of
   * a code span opened by such a run (inside a code span a backslash escapes nothing, so raw runs are what count).
   */
  closerFor(length: number, from: number): number | undefined {
    const starts = this.byLength.get(length);
    if (starts === undefined) return undefined;
    const candidate = starts[firstAtOrAfter(starts, from)];
    return candidate !== undefined && candidate < this.paragraphEnd(from) ? candidate : undefined;
  }
}

/** A code span's content as CommonMark reads it: line endings become spaces, one padding space is stripped. */
function codeContent(raw: string): string {
  const content = raw.replace(/\n/g, " ");
  return content.length >= 2 && content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "" ? content.slice(1, -1) : content;
}

/** Reads prose (no fenced code blocks) into tokens: backslash escapes and entities decoded, code spans found. */
export function tokenise(text: string): ProseToken[] {
  const tokens: ProseToken[] = [];
  const runs = new BacktickRuns(text);
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    const next = text[i + 1] ?? "";
    if (ch === "\\") {
      if (isAsciiPunctuation(next)) {
        tokens.push(char(next, true));
        i += 2;
      } else {
        // Before a line end it is a hard line break, otherwise a backslash shown as text.
        tokens.push(char("\\", next !== "\n"));
        i += 1;
      }
      continue;
    }
    if (ch === "&") {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(text);
      const decoded = entity === null ? undefined : decodeHTMLStrict(entity[0]);
      if (entity !== null && decoded !== undefined && decoded !== entity[0]) {
        for (const decodedChar of decoded) tokens.push(char(decodedChar, true));
        i += entity[0].length;
        continue;
      }
    }
    if (ch === "`") {
      let length = 1;
      while (text[i + length] === "`") length += 1;
      const closer = runs.closerFor(length, i + length);
      if (closer !== undefined) {
        tokens.push({ kind: "code", content: codeContent(text.slice(i + length, closer)) });
        i = closer + length;
      } else {
        for (let k = 0; k < length; k += 1) tokens.push(char("`", true));
        i += length;
      }
      continue;
    }
    const codePoint = String.fromCodePoint(text.codePointAt(i) ?? 0);
    tokens.push(char(codePoint));
    i += codePoint.length;
  }
  return tokens;
}

/** The shortest run of backticks that does not occur in `content`. */
function delimiterFor(content: string): string {
  const lengths = new Set(Array.from(content.matchAll(/`+/g), (match) => match[0].length));
  let length = 1;
  while (lengths.has(length)) length += 1;
  return "`".repeat(length);
}

export function codeSpan(content: string): string {
  const delimiter = delimiterFor(content);
  const pad = content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "");
  return pad ? `${delimiter} ${content} ${delimiter}` : `${delimiter}${content}${delimiter}`;
}

const ENTITY_AHEAD = /^#?[A-Za-z0-9]+;/;

function textAhead(tokens: readonly ProseToken[], from: number, max: number): string {
  let text = "";
  for (let k = from; k < tokens.length && text.length < max; k += 1) {
    const token = tokens[k];
    if (token?.kind !== "char") break;
    text += token.ch;
  }
  return text;
}

/**
 * Writes tokens back as markdown in which only the sanitiser's own markup is markup: brackets, backticks and
 * `<` are always escaped, so no link, image, code span, autolink or HTML can form that the rules did not vet.
 */
export function emit(tokens: readonly ProseToken[], codeGuard: (content: string) => string): string {
  let out = "";
  let previous: ProseToken | undefined;
  tokens.forEach((token, index) => {
    if (token.kind === "raw") out += token.text;
    else if (token.kind === "code") {
      // Two code spans back to back would read as one run of backticks.
      if (previous?.kind === "code") out += CODE_SPAN_SEPARATOR;
      out += codeSpan(codeGuard(token.content));
    } else if (token.ch === "<") out += "&lt;";
    else if (token.ch === "[" || token.ch === "]" || token.ch === "`") out += `\\${token.ch}`;
    // Zero-width spaces do not count: they are removed when the text is read again, and must not join an entity.
    else if (token.ch === "&") out += ENTITY_AHEAD.test(textAhead(tokens, index + 1, 40).replaceAll(ZERO_WIDTH_SPACE, "")) ? "&amp;" : "&";
    else if (token.ch === "\\") out += token.literal ? "\\\\" : "\\";
    else if (token.literal && isAsciiPunctuation(token.ch)) out += `\\${token.ch}`;
    else out += token.ch;
    previous = token;
  });
  return out;
}
