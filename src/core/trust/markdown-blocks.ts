/** A stretch of markdown: prose, or the content of a fenced code block (with its info string). */
export type MarkdownBlock = { readonly kind: "prose"; readonly text: string } | { readonly kind: "code"; readonly info: string; readonly code: string };

const FENCE_OPENER = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

interface Opener {
  readonly indent: number;
  readonly fence: string;
  readonly info: string;
}

function opener(line: string): Opener | undefined {
  const match = FENCE_OPENER.exec(line);
  if (match === null) return undefined;
  const [, indent = "", fence = "", info = ""] = match;
  // A backtick fence's info string cannot hold a backtick (it would be a code span).
  if (fence.startsWith("`") && info.includes("`")) return undefined;
  return { indent: indent.length, fence, info: info.trim() };
}

function closes(line: string, open: Opener): boolean {
  const trimmed = line.trim();
  const char = open.fence[0] ?? "`";
  return trimmed.length >= open.fence.length && [...trimmed].every((c) => c === char);
}

/** CommonMark removes up to the opener's indentation from each line of the block. */
function dedent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && (line[removed] === " " || line[removed] === "\t")) removed += 1;
  return line.slice(removed);
}

/**
 * Splits markdown into prose and fenced code blocks. A fence is recognised at any indentation (inside a list
 * item too), and an unclosed one runs to the end, as on GitHub. The sanitiser writes every block it found back
 * as a fence of its own at the start of a line, so what it treats as code is code on GitHub whatever the
 * original indentation meant; a fence it does not see (inside a `>` quote) is sanitised as prose, which is safe.
 */
export function splitBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const prose: string[] = [];
  const flushProse = (): void => {
    if (prose.length > 0) blocks.push({ kind: "prose", text: prose.join("\n") });
    prose.length = 0;
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const open = opener(lines[i] ?? "");
    if (open === undefined) {
      prose.push(lines[i] ?? "");
      continue;
    }
    flushProse();
    const code: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closes(lines[j] ?? "", open)) {
      code.push(dedent(lines[j] ?? "", open.indent));
      j += 1;
    }
    blocks.push({ kind: "code", info: open.info, code: code.join("\n") });
    i = j;
  }
  flushProse();
  return blocks;
}

/** A fence longer than any backtick run inside, so code containing ``` cannot break out of its block. */
export function fenceFor(code: string): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (match) => match[0].length));
  return "`".repeat(Math.max(3, longestRun + 1));
}
