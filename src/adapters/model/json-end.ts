export interface OpenContainer {
  readonly kind: "object" | "array";
  /** The member name, when the container is the value of an object's member. */
  readonly key?: string;
}

/** Where a JSON text ends: after its first value closed, or in the middle of it, and then where. */
export interface JsonEnd {
  /** The first object or array in the text was closed; whatever follows it (a code fence, prose) does not count. */
  readonly terminated: boolean;
  /** The containers still open where the text ends, outermost first; empty when terminated. */
  readonly open: readonly OpenContainer[];
  /** A value (string, number, literal) was being written where the text ends, directly in the innermost open container. */
  readonly valueInProgress: boolean;
  /** When the innermost open container is an object: the member whose value was being written or awaited. */
  readonly member?: string;
}

interface Frame {
  readonly kind: "object" | "array";
  readonly key?: string;
  /** Objects: the next string is a member name. */
  expectKey: boolean;
  /** Objects: the member whose value comes or is being written. */
  currentKey?: string;
  /** Objects: the current member's value is complete. */
  valueDone: boolean;
}

const SCALAR_END = new Set([",", "]", "}", ":"]);

function isSpace(char: string): boolean {
  return char === " " || char === "\n" || char === "\r" || char === "\t";
}

/**
 * Scans JSON (or the Python-literal JSON models also write, with single-quoted strings) to tell whether it was
 * cut off, and where: an answer the server cut at max_tokens ends inside its open brackets, while a merely
 * malformed one (a stray quote, a trailing comma) still closes them. Text before the first `{` or `[` is skipped.
 */
export function jsonEnd(text: string): JsonEnd {
  const stack: Frame[] = [];
  let quote: string | undefined;
  let escaped = false;
  let stringIsKey = false;
  let stringText = "";
  let inScalar = false;
  let started = false;

  for (const char of text) {
    const top = stack.at(-1);
    if (quote !== undefined) {
      if (escaped) {
        escaped = false;
        stringText += char;
      } else if (char === "\\") {
        escaped = true;
      } else if (char === quote) {
        quote = undefined;
        if (stringIsKey && top !== undefined) top.currentKey = stringText;
        else if (top !== undefined) top.valueDone = true;
      } else {
        stringText += char;
      }
      continue;
    }
    if (!started && char !== "{" && char !== "[") continue;
    if (inScalar && (isSpace(char) || SCALAR_END.has(char))) {
      inScalar = false;
      if (top !== undefined) top.valueDone = true;
    }
    if (isSpace(char) || inScalar) continue;
    switch (char) {
      case "{":
      case "[": {
        started = true;
        const key = top?.kind === "object" ? top.currentKey : undefined;
        stack.push({ kind: char === "{" ? "object" : "array", ...(key === undefined ? {} : { key }), expectKey: char === "{", valueDone: false });
        break;
      }
      case "}":
      case "]": {
        stack.pop();
        const parent = stack.at(-1);
        if (parent === undefined) return { terminated: true, open: [], valueInProgress: false };
        parent.valueDone = true;
        break;
      }
      case ":":
        if (top?.kind === "object") top.expectKey = false;
        break;
      case ",":
        if (top?.kind === "object") {
          top.expectKey = true;
          delete top.currentKey;
        }
        if (top !== undefined) top.valueDone = false;
        break;
      case '"':
      case "'":
        quote = char;
        stringIsKey = top?.kind === "object" && top.expectKey;
        stringText = "";
        break;
      default:
        inScalar = true;
    }
  }

  const top = stack.at(-1);
  const inValue = (quote !== undefined && !stringIsKey) || inScalar;
  return {
    terminated: false,
    open: stack.map((frame) => ({ kind: frame.kind, ...(frame.key === undefined ? {} : { key: frame.key }) })),
    valueInProgress: inValue,
    ...(top?.kind === "object" && top.currentKey !== undefined && !top.valueDone ? { member: top.currentKey } : {}),
  };
}
