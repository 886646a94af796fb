import { allowedUrl, isInPageAnchor, safeHref, type OutputPolicy } from "./output-policy.js";
import { char, ZERO_WIDTH_SPACE, type ProseToken } from "./prose-tokens.js";

/** `＠` (fullwidth) and `﹫` (small): read as `@` by people, and treated as such here. */
const AT_LOOKALIKES = new Set(["\uff20", "\ufe6b"]);
/** Invisible characters that could hide a mention, a command or a keyword from these rules; ZWJ/ZWNJ stay (emoji). */
const INVISIBLE = /^[\u200b\u2060\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]$|^[\u{e0000}-\u{e007f}]$/u;

function isChar(token: ProseToken | undefined, test: (ch: string) => boolean, literal?: boolean): boolean {
  return token?.kind === "char" && test(token.ch) && (literal === undefined || token.literal === literal);
}

const is = (ch: string) => (other: string) => other === ch;
const isSpace = (ch: string) => ch === " " || ch === "\t" || ch === "\n";

/** Appends without spreading: a spread of a long array is slow, and can overflow the stack. */
function append(target: ProseToken[], source: readonly ProseToken[], from = 0, to = source.length): void {
  for (let k = from; k < to; k += 1) {
    const token = source[k];
    if (token !== undefined) target.push(token);
  }
}

export function normaliseCharacters(tokens: readonly ProseToken[]): ProseToken[] {
  const out: ProseToken[] = [];
  for (const token of tokens) {
    if (token.kind !== "char" || token.ch.charCodeAt(0) < 0x80) out.push(token);
    else if (AT_LOOKALIKES.has(token.ch)) out.push(char("@", token.literal));
    else if (!INVISIBLE.test(token.ch)) out.push(token);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- links and images

interface InlineLink {
  /** Index of the closing `)`. */
  readonly end: number;
  readonly destination: string;
}

/** The `]` matching the `[` at `open`, within one paragraph; code spans are opaque. */
function closingBracket(tokens: readonly ProseToken[], open: number): number | undefined {
  let depth = 0;
  for (let k = open; k < tokens.length; k += 1) {
    const token = tokens[k];
    if (token?.kind !== "char" || token.literal) continue;
    if (token.ch === "\n" && isChar(tokens[k + 1], is("\n"))) return undefined;
    if (token.ch === "[") depth += 1;
    if (token.ch === "]") {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return undefined;
}

function skipSpaces(tokens: readonly ProseToken[], from: number): number {
  let k = from;
  while (isChar(tokens[k], isSpace)) k += 1;
  return k;
}

/** `(destination "title")` after a link's `]`, as CommonMark reads an inline link; undefined when it is none. */
function inlineLinkAfter(tokens: readonly ProseToken[], close: number): InlineLink | undefined {
  if (!isChar(tokens[close + 1], is("("), false)) return undefined;
  let k = skipSpaces(tokens, close + 2);
  let destination = "";
  if (isChar(tokens[k], is("<"), false)) {
    k += 1;
    while (!isChar(tokens[k], is(">"), false)) {
      const token = tokens[k];
      if (token?.kind !== "char" || token.ch === "\n") return undefined;
      destination += token.ch;
      k += 1;
    }
    k += 1;
  } else {
    let depth = 0;
    for (;;) {
      const token = tokens[k];
      if (token === undefined || token.kind !== "char") return undefined;
      if (isSpace(token.ch)) break;
      if (!token.literal && token.ch === "(") depth += 1;
      if (!token.literal && token.ch === ")") {
        if (depth === 0) break;
        depth -= 1;
      }
      destination += token.ch;
      k += 1;
    }
  }
  k = skipSpaces(tokens, k);
  const opener = tokens[k];
  if (opener?.kind === "char" && !opener.literal && (opener.ch === '"' || opener.ch === "'" || opener.ch === "(")) {
    const closer = opener.ch === "(" ? ")" : opener.ch;
    k += 1;
    while (!isChar(tokens[k], is(closer), false)) {
      if (tokens[k] === undefined) return undefined;
      k += 1;
    }
    k = skipSpaces(tokens, k + 1);
  }
  return isChar(tokens[k], is(")"), false) ? { end: k, destination } : undefined;
}

function textOf(text: string): ProseToken[] {
  return Array.from(text, (ch) => char(ch));
}

/**
 * Inline links and images. A link to the GitHub host stays a link (written by us, so the rest of the text can
 * have every bracket escaped); any other becomes its text followed by the address as inert code. An image is
 * never shown: it becomes a link (or inert text) to its address, since rendering it would make every reader's
 * browser fetch it. Reference-style links need no rule: with every bracket escaped, `[text][ref]` and
 * `[ref]: url` are plain text, and the address in a definition is handled as a bare URL.
 */
export function rewriteLinks(tokens: readonly ProseToken[], policy: OutputPolicy): ProseToken[] {
  const out: ProseToken[] = [];
  let k = 0;
  while (k < tokens.length) {
    const token = tokens[k];
    if (token === undefined) break;
    const close = isChar(token, is("["), false) ? closingBracket(tokens, k) : undefined;
    const link = close === undefined ? undefined : inlineLinkAfter(tokens, close);
    if (close === undefined || link === undefined) {
      out.push(token);
      k += 1;
      continue;
    }
    const last = out.at(-1);
    const isImage = isChar(last, is("!"), false);
    if (isImage) out.pop();
    const text = rewriteLinks(tokens.slice(k + 1, close), policy);
    const push = (...more: ProseToken[]): void => append(out, more);
    const url = allowedUrl(link.destination, policy);
    const href = url !== undefined ? safeHref(url) : isInPageAnchor(link.destination) ? link.destination.trim() : undefined;
    if (href !== undefined) {
      const before = out.at(-1);
      // `!` right before our `[` would turn the link into an image.
      if (before?.kind === "char" && before.ch === "!") before.literal = true;
      push({ kind: "raw", text: "[" });
      append(out, text.length > 0 ? text : [{ kind: "code", content: href }]);
      push({ kind: "raw", text: `](${href})` });
    } else {
      const destination = link.destination.trim();
      append(out, text);
      if (destination !== "") {
        if (text.length > 0) append(out, textOf(" ("));
        push({ kind: "code", content: destination });
        if (text.length > 0) append(out, textOf(")"));
      }
    }
    k = link.end + 1;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ runs of text

/** Applies `edit` to each run of characters between code spans and our own markup, as one string. */
function editTextRuns(tokens: readonly ProseToken[], edit: (run: string, tokens: readonly ProseToken[]) => ProseToken[]): ProseToken[] {
  const out: ProseToken[] = [];
  let run: ProseToken[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    let text = "";
    for (const token of run) if (token.kind === "char") text += token.ch;
    append(out, edit(text, run));
    run = [];
  };
  for (const token of tokens) {
    if (token.kind === "char") run.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

/** Token index of each UTF-16 offset of the run's string (tokens hold whole code points). */
function offsets(run: readonly ProseToken[]): number[] {
  const indexAt: number[] = [];
  run.forEach((token, index) => {
    if (token.kind === "char") for (let u = 0; u < token.ch.length; u += 1) indexAt.push(index);
  });
  indexAt.push(run.length);
  return indexAt;
}

/** Replaces the tokens of each match of `pattern` in the run by what `replace` gives (undefined: keep them). */
function replaceMatches(pattern: RegExp, replace: (match: RegExpExecArray) => ProseToken[] | undefined) {
  return (text: string, run: readonly ProseToken[]): ProseToken[] => {
    let indexAt: number[] | undefined;
    const out: ProseToken[] = [];
    let copied = 0;
    for (const match of text.matchAll(pattern)) {
      const replacement = replace(match);
      if (replacement === undefined) continue;
      indexAt ??= offsets(run);
      const start = indexAt[match.index] ?? run.length;
      const end = indexAt[match.index + match[0].length] ?? run.length;
      append(out, run, copied, start);
      append(out, replacement);
      copied = end;
    }
    if (indexAt === undefined) return run.slice();
    append(out, run, copied);
    return out;
  };
}

// ----------------------------------------------------------------------------------------------------- URLs

/** GitHub autolinks `http(s)://…` and `www.…` anywhere in text; `<` ends one. */
const BARE_URL = /(?:https?|ftps?):\/\/[^\s<>]*|(?<![A-Za-z0-9])www\.[^\s<>]*/giu;
const TRAILING_PUNCTUATION = /[?!.,:;*_~'")\]}]+$/u;

/** Bare URLs off the GitHub host become inert code (visible, never a link); those on it stay autolinks. */
export function neutraliseBareUrls(tokens: readonly ProseToken[], policy: OutputPolicy): ProseToken[] {
  return editTextRuns(
    tokens,
    replaceMatches(BARE_URL, (match) => {
      const url = match[0].replace(TRAILING_PUNCTUATION, "");
      if (url === "") return undefined;
      const absolute = /^www\./i.test(url) ? `http://${url}` : url;
      if (allowedUrl(absolute, policy) !== undefined) return undefined;
      return [{ kind: "code", content: url }, ...textOf(match[0].slice(url.length))];
    }),
  );
}

// --------------------------------------------------------------------------------------------- mentions & refs

const LOGIN_START = /^[A-Za-z0-9]$/;
/** Before `@` in an e-mail address. Not `_`: `_@user_` is emphasis around a mention. */
const WORD = /^[A-Za-z0-9]$/;

/**
 * `@login` and `@org/team` ping people when `@` follows a non-word character; a zero-width space after the `@`
 * stops it (as Renovate and Dependabot do) and reads the same. `a@b.example` (an e-mail address) is left alone.
 */
export function neutraliseMentions(tokens: readonly ProseToken[]): ProseToken[] {
  const out: ProseToken[] = [];
  tokens.forEach((token, index) => {
    out.push(token);
    if (!isChar(token, is("@"))) return;
    if (!isChar(tokens[index + 1], (ch) => LOGIN_START.test(ch))) return;
    if (isChar(tokens[index - 1], (ch) => WORD.test(ch))) return;
    out.push(char(ZERO_WIDTH_SPACE));
  });
  return out;
}

/** `#12`, `owner/repo#12` and `GH-12` link issues and add the pull request to their timelines. */
const ISSUE_REFERENCE = /#(?=\d)|\bGH-(?=\d)/giu;
/** GitHub's closing keywords, before an issue reference or URL, optionally with a colon and emphasis. */
const CLOSING_KEYWORD = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=[*_~]*:?[*_~]*[ \t\n]+[*_~]*(?:#|[\w.-]+\/[\w.-]+#|gh-|https?:\/\/))/giu;

function withSpaceAfter(match: RegExpExecArray): ProseToken[] {
  return [...textOf(match[0]), char(ZERO_WIDTH_SPACE)];
}

/** No issue reference and no `fixes #N`: text we post must not link, close or touch other issues. */
export function neutraliseReferences(tokens: readonly ProseToken[]): ProseToken[] {
  return editTextRuns(editTextRuns(tokens, replaceMatches(CLOSING_KEYWORD, withSpaceAfter)), replaceMatches(ISSUE_REFERENCE, withSpaceAfter));
}

// ----------------------------------------------------------------------------------------------- slash commands

const LIST_BULLET = /^[-*+]$/;
const DIGIT = /^[0-9]$/;
const LETTER = /^[A-Za-z]$/;

/** The index of a line's first character after its indentation, quote markers and list markers. */
function contentStart(tokens: readonly ProseToken[], from: number): number {
  let k = from;
  for (;;) {
    const start = k;
    while (isChar(tokens[k], (ch) => ch === " " || ch === "\t")) k += 1;
    if (isChar(tokens[k], is(">"))) k += 1;
    else if (isChar(tokens[k], (ch) => LIST_BULLET.test(ch)) && isChar(tokens[k + 1], (ch) => ch === " " || ch === "\t")) k += 2;
    else {
      let digits = k;
      while (isChar(tokens[digits], (ch) => DIGIT.test(ch))) digits += 1;
      if (digits > k && isChar(tokens[digits], (ch) => ch === "." || ch === ")") && isChar(tokens[digits + 1], (ch) => ch === " " || ch === "\t")) k = digits + 2;
    }
    if (k === start) return k;
  }
}

/**
 * A line that starts with `/word` is a command to bots that read comments (Prow acts on `/approve` and `/lgtm`,
 * and so would this app on `/review`); a backslash before the slash keeps the text the same for readers.
 */
export function escapeLineStartCommands(tokens: ProseToken[]): ProseToken[] {
  for (let k = 0; k < tokens.length; k += 1) {
    if (k !== 0 && !isChar(tokens[k - 1], is("\n"))) continue;
    const start = contentStart(tokens, k);
    const slash = tokens[start];
    if (slash?.kind === "char" && slash.ch === "/" && isChar(tokens[start + 1], (ch) => LETTER.test(ch))) slash.literal = true;
  }
  return tokens;
}
