export type Language = "typescript" | "python" | "go";

const EXTENSIONS: ReadonlyMap<string, Language> = new Map([
  ...["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"].map((ext): [string, Language] => [ext, "typescript"]),
  ["py", "python"],
  ["pyi", "python"],
  ["go", "go"],
]);

/** TypeScript and JavaScript share one reader: JavaScript is TypeScript without the types. */
export function languageOf(path: string): Language | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return undefined;
  if (name.endsWith(".d.ts")) return "typescript";
  return EXTENSIONS.get(name.slice(dot + 1).toLowerCase());
}

/**
 * One line of source as the declaration finder reads it. `code` is the line with the insides of strings and
 * comments blanked (same length), so a brace or a keyword in a string or comment does not count.
 */
export interface SourceLine {
  readonly text: string;
  readonly code: string;
  /** Open brackets — (, [ and { together — before the line's first character. */
  readonly depthBefore: number;
  readonly depthAfter: number;
  /** The line starts inside a string or comment that began on an earlier line. */
  readonly continuesLiteral: boolean;
}

type State =
  | { readonly kind: "code" }
  | { readonly kind: "block-comment" }
  | { readonly kind: "string"; readonly close: string; readonly multiline: boolean; readonly raw: boolean };

const CODE: State = { kind: "code" };

/** A `/` that starts a regular expression literal follows an operator or opening bracket, not a value. */
function startsRegex(code: string): boolean {
  const before = code.trimEnd();
  if (before === "") return true;
  if (/[(,=:[!&|?{};+\-*%<>~^]$/.test(before)) return true;
  return /\b(?:return|typeof|case|do|else|in|of|void|yield|await|delete|throw|new)$/.test(before);
}

/** Where a regular expression literal that starts at `start` (its opening `/`) ends, past its flags. */
function regexEnd(line: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < line.length; i += 1) {
    const char = line[i];
    if (char === "\\") i += 1;
    else if (char === "[") inClass = true;
    else if (char === "]") inClass = false;
    else if (char === "/" && !inClass) {
      let end = i + 1;
      while (end < line.length && /[a-z]/i.test(line[end] ?? "")) end += 1;
      return end;
    }
  }
  return line.length;
}

function stringOpening(line: string, i: number, language: Language): State | undefined {
  const char = line[i];
  if (language === "python") {
    if (char !== "'" && char !== '"') return undefined;
    const prefix = /([rRbBuUfF]{0,2})$/.exec(line.slice(Math.max(0, i - 2), i))?.[1] ?? "";
    const raw = /r/i.test(prefix);
    const triple = line.startsWith(char.repeat(3), i);
    return { kind: "string", close: triple ? char.repeat(3) : char, multiline: triple, raw };
  }
  if (char === "'" || char === '"') return { kind: "string", close: char, multiline: false, raw: false };
  if (char === "`") return { kind: "string", close: "`", multiline: true, raw: language === "go" };
  return undefined;
}

/** Splits a source text into lines with blanked strings and comments and the bracket depth at each line. */
export function scanSource(text: string, language: Language): SourceLine[] {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  if (lines.at(-1) === "") lines.pop();
  const result: SourceLine[] = [];
  let state: State = CODE;
  let depth = 0;
  const lineComment = language === "python" ? "#" : "//";
  for (const line of lines) {
    const continuesLiteral = state.kind !== "code";
    const depthBefore = depth;
    let code = "";
    let i = 0;
    while (i < line.length) {
      const char = line[i] ?? "";
      if (state.kind === "block-comment") {
        const end = line.indexOf("*/", i);
        if (end === -1) {
          code += " ".repeat(line.length - i);
          i = line.length;
        } else {
          code += " ".repeat(end + 2 - i);
          i = end + 2;
          state = CODE;
        }
        continue;
      }
      if (state.kind === "string") {
        if (char === "\\" && !(state.raw && language === "go")) {
          code += line.length > i + 1 ? "  " : " ";
          i += 2;
          continue;
        }
        if (line.startsWith(state.close, i)) {
          code += state.close;
          i += state.close.length;
          state = CODE;
          continue;
        }
        code += " ";
        i += 1;
        continue;
      }
      if (line.startsWith(lineComment, i)) {
        code += " ".repeat(line.length - i);
        break;
      }
      if (language !== "python" && line.startsWith("/*", i)) {
        state = { kind: "block-comment" };
        code += "  ";
        i += 2;
        continue;
      }
      if (language === "typescript" && char === "/" && startsRegex(code)) {
        const end = regexEnd(line, i);
        code += `/${" ".repeat(Math.max(0, end - i - 2))}${end - i >= 2 ? "/" : ""}`;
        i = end;
        continue;
      }
      const opening = stringOpening(line, i, language);
      if (opening !== undefined && opening.kind === "string") {
        state = opening;
        code += opening.close;
        i += opening.close.length;
        continue;
      }
      if (char === "(" || char === "[" || char === "{") depth += 1;
      else if (char === ")" || char === "]" || char === "}") depth = Math.max(0, depth - 1);
      code += char;
      i += 1;
    }
    // A string that cannot span lines ends with its line even when left open (a typo, or a JSX text).
    if (state.kind === "string" && !state.multiline) state = CODE;
    result.push({ text: line, code, depthBefore, depthAfter: depth, continuesLiteral });
  }
  return result;
}

export function indentOf(text: string): number {
  return /^[ \t]*/.exec(text)?.[0].replace(/\t/g, "    ").length ?? 0;
}

export function isBlank(code: string): boolean {
  return code.trim() === "";
}
