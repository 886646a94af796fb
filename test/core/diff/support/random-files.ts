import type { FilePair } from "./git.js";
import { caseSeed, mulberry32, type Random } from "./prng.js";

/**
 * Lines chosen to trip a diff parser: lines that look like file headers, hunk headers or the
 * `\ No newline` marker once a `-`, `+` or space is put in front of them; empty and blank lines; unicode;
 * a `\r` inside a line or at its end; and short lines repeated often, so that diffs must choose between
 * equally good alignments.
 */
const TRICKY_LINES: readonly string[] = [
  "",
  "",
  " ",
  "   ",
  "\t\tindented with tabs",
  "trailing spaces  ",
  "-",
  "--",
  "-- ",
  "-- x",
  "---",
  "--- a/file.txt",
  "-- a/file.txt",
  "- bullet",
  "+",
  "++",
  "++ ",
  "+++ b/file.txt",
  "++ b/file.txt",
  "+ plus",
  "@@ -1,2 +1,2 @@",
  "@@ -1 +1 @@ function f() {",
  "\\ No newline at end of file",
  "diff --git a/x b/x",
  "index 0000000..1111111 100644",
  "héllo wörld",
  "日本語のテキスト",
  "emoji 🚀👍🏽 and ZWJ 👨‍👩‍👧",
  "e\u0301 combining accent",
  "a\rb carriage return inside",
  "ends with a carriage return\r",
  "}",
  "}",
  "{",
  "return;",
  "function f() {",
];

function randomLine(random: Random): string {
  const roll = random.next();
  if (roll < 0.5) return random.pick(TRICKY_LINES);
  if (roll < 0.52) return random.pick(["x", "y", "é", "🚀"]).repeat(random.int(1000, 6000));
  const words = Array.from({ length: random.int(1, 6) }, () => random.pick(["foo", "bar", "baz", "qux", "42", "=", "(", ")"]));
  return words.join(" ");
}

type LineEnding = "lf" | "crlf" | "mixed";

/** A line with the terminator it is written with, so that an edit leaves other lines' endings alone. */
interface FileLine {
  readonly text: string;
  readonly terminator: "\n" | "\r\n";
}

function randomFileLine(random: Random, ending: LineEnding): FileLine {
  const crlf = ending === "crlf" || (ending === "mixed" && random.chance(0.5));
  return { text: randomLine(random), terminator: crlf ? "\r\n" : "\n" };
}

function serialize(lines: readonly FileLine[], trailingNewline: boolean): string {
  return lines.map((line, i) => (i < lines.length - 1 || trailingNewline ? line.text + line.terminator : line.text)).join("");
}

/** Applies random insertions, deletions and replacements of runs of lines. */
function edit(lines: readonly FileLine[], ending: LineEnding, random: Random): FileLine[] {
  const edited = [...lines];
  const edits = random.int(0, 6);
  for (let i = 0; i < edits; i++) {
    const kind = random.pick(["insert", "delete", "replace"] as const);
    const removeCount = kind === "insert" ? 0 : random.int(1, 5);
    const insertCount = kind === "delete" ? 0 : random.int(1, 5);
    const inserted = Array.from({ length: insertCount }, () => randomFileLine(random, ending));
    edited.splice(random.int(0, edited.length), removeCount, ...inserted);
  }
  return edited;
}

/** Rewrites every line's terminator, as converting a file to other line endings does. */
function convertLineEndings(lines: readonly FileLine[], ending: LineEnding, random: Random): FileLine[] {
  return lines.map((line) => ({ ...randomFileLine(random, ending), text: line.text }));
}

/** The file pair of case `caseIndex` of the run seeded with `seed`; the same arguments give the same pair. */
export function generateFilePair(seed: number, caseIndex: number): FilePair {
  const random = mulberry32(caseSeed(seed, caseIndex));
  const ending = random.pick<LineEnding>(["lf", "lf", "lf", "lf", "lf", "lf", "crlf", "mixed"]);
  const lineCount = random.chance(0.05) ? 0 : random.chance(0.1) ? random.int(100, 300) : random.int(1, 40);
  const beforeLines = Array.from({ length: lineCount }, () => randomFileLine(random, ending));
  const editedLines = edit(beforeLines, ending, random);
  const afterLines = random.chance(0.03) ? convertLineEndings(editedLines, random.pick<LineEnding>(["lf", "crlf"]), random) : editedLines;

  const trailingNewline = random.chance(0.8);
  const newTrailingNewline = random.chance(0.15) ? !trailingNewline : trailingNewline;

  return {
    name: `case-${String(caseIndex).padStart(5, "0")}.txt`,
    before: serialize(beforeLines, trailingNewline),
    after: serialize(afterLines, newTrailingNewline),
  };
}
