import parseDiff from "parse-diff";
import type { DiffLine, Hunk } from "./types.js";

/**
 * Thrown when a patch is not a header-less unified diff whose hunks hold exactly the lines their `@@`
 * headers declare. Anchoring comments on such a patch would risk a 422 for the whole review.
 */
export class MalformedPatchError extends Error {
  override readonly name = "MalformedPatchError";
}

/**
 * Parses the `patch` GitHub gives for one file of a pull request: a unified diff without file headers,
 * starting at the first `@@`.
 *
 * A line's `text` is its content without the diff marker and without its line terminator (`\n` or
 * `\r\n`), i.e. what splitting the file on /\r?\n/ gives for that line.
 */
export function parsePatch(patch: string): Hunk[] {
  const lines = splitPatchLines(patch);
  if (lines.every((line) => line.trim() === "")) return [];

  // parse-diff is driven by the hunk headers' line counts: inside a hunk, `--- x` and `+++ x` are read
  // as a deleted and an added line, never as file headers, so no synthetic file header is needed.
  const chunks = parseHunks(lines);
  assertEveryLineAccountedFor(lines, chunks);

  return chunks.map((chunk, index) => toHunk(chunk, index));
}

/**
 * Splits the patch into lines without their terminators. Git writes a CRLF file's lines with their `\r`
 * before the `\n` it ends every patch line with, and parse-diff splits on `\n` only, so the `\r` would stay
 * in the text (and `\ No newline at end of file\r` in a patch saved with CRLF would be read as a context
 * line). A `\r` is kept only on a line followed by git's own `\ No newline` marker (itself without `\r`,
 * so the patch was not converted to CRLF as a whole): that line had no terminator, so the `\r` is content.
 */
function splitPatchLines(patch: string): string[] {
  const lines = patch.split("\n");
  return lines.map((line, i) => {
    const next = lines[i + 1];
    const lineHadNoTerminator = next !== undefined && isNoNewlineMarker(next) && !next.endsWith("\r");
    return line.endsWith("\r") && !lineHadNoTerminator ? line.slice(0, -1) : line;
  });
}

function parseHunks(lines: readonly string[]): parseDiff.Chunk[] {
  try {
    return parseDiff(lines.join("\n")).flatMap((file) => file.chunks);
  } catch (error) {
    // parse-diff throws a TypeError on a `\ No newline` marker that follows no line of the hunk.
    throw new MalformedPatchError(`parse-diff could not parse the patch: ${String(error)}`, { cause: error });
  }
}

/** `\ No newline at end of file`: a remark about the line before it, not a line of the file. */
function isNoNewlineMarker(patchLine: string): boolean {
  return patchLine.startsWith("\\");
}

/**
 * parse-diff silently drops lines it cannot place (text after a hunk's declared lines, or a patch that
 * does not start with `@@`) and silently stops early when a hunk is shorter than its header says.
 * Either way its line numbers would be wrong, so refuse the patch.
 */
function assertEveryLineAccountedFor(lines: readonly string[], chunks: readonly parseDiff.Chunk[]): void {
  const parsedLineCount = chunks.reduce((sum, chunk) => sum + 1 + chunk.changes.length, 0);
  // A newline after the last line (GitHub leaves it out, `git diff` writes it) leaves an empty string
  // that is no line. It can also be an empty context line whose space was trimmed away: parse-diff,
  // following the hunk's line counts, tells which.
  const endsWithNewline = lines.at(-1) === "";
  const allAccountedFor =
    parsedLineCount === lines.length || (endsWithNewline && parsedLineCount === lines.length - 1);
  if (!allAccountedFor) {
    throw new MalformedPatchError(
      `patch has ${lines.length} lines but only ${parsedLineCount} belong to a hunk header or a hunk`,
    );
  }
}

function toHunk(chunk: parseDiff.Chunk, index: number): Hunk {
  // parse-diff reports `\ No newline at end of file` as one more change that copies the type and line
  // number of the change before it. It is not a line of the file: drop it.
  const lines = chunk.changes.filter((change) => !isNoNewlineMarker(change.content)).map(toDiffLine);
  const hunk: Hunk = {
    index,
    header: chunk.content,
    oldStart: chunk.oldStart,
    oldLines: chunk.oldLines,
    newStart: chunk.newStart,
    newLines: chunk.newLines,
    lines,
  };
  assertLineCountsMatchHeader(hunk);
  return hunk;
}

function toDiffLine(change: parseDiff.Change): DiffLine {
  // The first character is the `+`, `-` or space marker. An empty context line whose space was trimmed
  // away by some tool is an empty string: slicing gives "" as well.
  const text = change.content.slice(1);
  switch (change.type) {
    case "add":
      return { kind: "add", newLine: change.ln, text };
    case "del":
      return { kind: "delete", oldLine: change.ln, text };
    case "normal":
      return { kind: "context", oldLine: change.ln1, newLine: change.ln2, text };
  }
}

function assertLineCountsMatchHeader(hunk: Hunk): void {
  const oldLines = hunk.lines.filter((line) => line.oldLine !== undefined).length;
  const newLines = hunk.lines.filter((line) => line.newLine !== undefined).length;
  if (oldLines !== hunk.oldLines || newLines !== hunk.newLines) {
    throw new MalformedPatchError(
      `hunk ${hunk.index} "${hunk.header}" declares ${hunk.oldLines} old and ${hunk.newLines} new lines ` +
        `but holds ${oldLines} old and ${newLines} new lines`,
    );
  }
}
