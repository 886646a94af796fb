import { redactGenericSecrets } from "./generic-secret.js";
import { GENERIC_SECRET, PRIVATE_KEY, redactionMarker, SECRET_PATTERNS } from "./secret-patterns.js";

/** Where secrets were found: the index of the line (from 0) and what they looked like. */
export interface LineRedaction {
  readonly line: number;
  readonly kinds: readonly string[];
}

export interface RedactedLines {
  /** The same number of lines, each with its secrets replaced by `[REDACTED:<kind>]`. */
  readonly lines: readonly string[];
  readonly redactions: readonly LineRedaction[];
}

const BEGIN_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const END_KEY = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const ONE_LINE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
/** A line of a key's body: base64 (in a string literal or not), a PEM header, or blank. */
const KEY_BODY = /[A-Za-z0-9+/]{40,}|\[REDACTED:private-key\]|^\s*["'`]?[A-Za-z0-9+/]+={0,2}(?:\\n)?["'`]?\s*[,+;]?\s*$|^\s*(?:Proc-Type|DEK-Info|Comment):|^\s*$/;
const BASE64_RUN = /[A-Za-z0-9+/]{4,}={0,2}/g;
/** What a key's body has and a line naming its header does not. */
const LONG_BASE64 = /[A-Za-z0-9+/]{40,}/;
/** Lines longer than this are not searched for assignments (minified code): the specific shapes still are. */
const MAX_ASSIGNMENT_LINE = 8192;

const KEY_MARKER = redactionMarker(PRIVATE_KEY.kind);

/** Base64 runs of a key's body; a marker already there stays as it is. */
function redactKeyBody(line: string): string {
  return line
    .split(KEY_MARKER)
    .map((part) => part.replace(BASE64_RUN, KEY_MARKER))
    .join(KEY_MARKER);
}

/** The shapes of SECRET_PATTERNS and credential assignments on one line. */
function redactShapes(line: string): { readonly text: string; readonly kinds: string[] } {
  const kinds: string[] = [];
  let text = line;
  for (const { kind, pattern } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    kinds.push(kind);
    text = text.replace(pattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.at(-1);
      const secret = typeof groups === "object" && groups !== null && "secret" in groups && typeof groups.secret === "string" ? groups.secret : undefined;
      return secret === undefined ? redactionMarker(kind) : `${match.slice(0, match.length - secret.length)}${redactionMarker(kind)}`;
    });
  }
  if (text.length <= MAX_ASSIGNMENT_LINE) {
    const generic = redactGenericSecrets(text);
    if (generic.found) kinds.push(GENERIC_SECRET.kind);
    text = generic.text;
  }
  return { text, kinds };
}

/**
 * Replaces every known secret shape in `lines` by `[REDACTED:<kind>]`, line by line, so line numbers stay
 * right. A private key block keeps its line count: its BEGIN line, its body and its END line are each redacted
 * where they are, and it counts once, on its first line. A block whose BEGIN line is not among `lines` (a diff
 * hunk that starts inside it) is recognised by its END line and the key lines just above it.
 */
export function redactLines(input: readonly string[]): RedactedLines {
  const lines = [...input];
  const kindsByLine = new Map<number, string[]>();
  const note = (line: number, kinds: readonly string[]): void => {
    if (kinds.length > 0) kindsByLine.set(line, [...(kindsByLine.get(line) ?? []), ...kinds]);
  };
  const redactUpToEnd = (line: string, end: RegExpExecArray): string => `${redactKeyBody(line.slice(0, end.index))}${line.slice(end.index)}`;
  let inKey = false;
  // A BEGIN line counts as a committed key only once a key's body follows it: a line that merely names the header
  // (a PEM parser's constant, its tests, its docs) is not a secret.
  let keyStartedAt: number | undefined;
  const bodyFound = (line: string): void => {
    if (keyStartedAt === undefined || !LONG_BASE64.test(line)) return;
    note(keyStartedAt, [PRIVATE_KEY.kind]);
    keyStartedAt = undefined;
  };
  lines.forEach((original, index) => {
    let line = original;
    let closedHere = false;
    if (inKey) {
      const end = END_KEY.exec(line);
      if (end === null && KEY_BODY.test(line)) {
        bodyFound(line);
        lines[index] = redactKeyBody(line);
        return;
      }
      inKey = false;
      if (end !== null) bodyFound(line.slice(0, end.index));
      keyStartedAt = undefined;
      if (end !== null) {
        line = redactUpToEnd(line, end);
        closedHere = true;
      }
    }
    const oneLine = line.replace(ONE_LINE_KEY, KEY_MARKER);
    if (oneLine !== line) {
      line = oneLine;
      note(index, [PRIVATE_KEY.kind]);
    }
    const begin = BEGIN_KEY.exec(line);
    const end = END_KEY.exec(line);
    if (begin !== null) {
      const bodyStart = begin.index + begin[0].length;
      keyStartedAt = index;
      bodyFound(line.slice(bodyStart));
      line = `${line.slice(0, bodyStart)}${redactKeyBody(line.slice(bodyStart))}`;
      inKey = true;
    } else if (end !== null && !closedHere) {
      // The END of a block whose BEGIN this text does not show (a hunk that starts inside the key): the key
      // lines right above belong to it.
      let first = index;
      while (first > 0 && KEY_BODY.test(input[first - 1] ?? "") && (input[first - 1] ?? "").trim() !== "") first -= 1;
      for (let k = first; k < index; k += 1) lines[k] = redactKeyBody(input[k] ?? "");
      line = redactUpToEnd(line, end);
      if (input.slice(first, index).some((above) => LONG_BASE64.test(above)) || LONG_BASE64.test(original.slice(0, Math.max(0, original.search(END_KEY))))) note(first, [PRIVATE_KEY.kind]);
    }
    const shapes = redactShapes(line);
    note(index, shapes.kinds);
    lines[index] = shapes.text;
  });
  const redactions = [...kindsByLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, kinds]) => ({ line, kinds: [...new Set(kinds)] }));
  return { lines, redactions };
}

export interface RedactedText {
  readonly text: string;
  /** Line numbers from 1, as an editor shows them. */
  readonly redactions: readonly LineRedaction[];
}

/**
 * The one function to call before any text goes to the model (diffs, file contents, guidance, pull request
 * and thread text, tool results): known secret shapes become `[REDACTED:<kind>]`, and every line stays on its
 * line. Idempotent: redacted text has nothing left to redact.
 */
export function redactSecrets(text: string): RedactedText {
  const { lines, redactions } = redactLines(text.split("\n"));
  return { text: lines.join("\n"), redactions: redactions.map((r) => ({ line: r.line + 1, kinds: r.kinds })) };
}
