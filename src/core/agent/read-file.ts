import { sanitiseInline } from "../prompt/render-diff.js";
import { normalisePath, numberedLine, numberWidth, showLine, splitLines } from "./file-text.js";
import type { ReadFileArgs } from "./tool-schemas.js";
import { READ_FILE_TOOL_NAME } from "./tool-schemas.js";
import { compareText, errorResult, formatCount, limitsOf, type RepositoryToolEnvironment, type ToolResult } from "./tool-result.js";

/** `read_file src/a.ts:10-80`, `read_file src/a.ts:10-`, `read_file src/a.ts`: the call as the model made it. */
export function readFileHeader(args: ReadFileArgs): string {
  const range =
    args.start_line === undefined && args.end_line === undefined ? "" : `:${args.start_line ?? 1}-${args.end_line ?? ""}`;
  return `${READ_FILE_TOOL_NAME} ${sanitiseInline(args.path)}${range}`;
}

const MAX_SUGGESTIONS = 5;

/** Paths the model may have meant: the same file name elsewhere, or the files under a folder it named. */
async function missingFileNotes(path: string, environment: RepositoryToolEnvironment): Promise<string[]> {
  const { paths } = await environment.snapshot.listFiles();
  const visible = paths.filter((candidate) => environment.mayShow(candidate));
  const folder = `${path.replace(/\/$/, "")}/`;
  const inFolder = visible.filter((candidate) => candidate.startsWith(folder));
  if (inFolder.length > 0) {
    return [`${sanitiseInline(path)} is a folder of ${formatCount(inFolder.length)} files; list them with list_files and path_glob "${sanitiseInline(folder)}**".`];
  }
  const name = path.slice(path.lastIndexOf("/") + 1);
  const sameName = visible.filter((candidate) => candidate.slice(candidate.lastIndexOf("/") + 1) === name).sort(compareText);
  const notes = [`No file ${sanitiseInline(path)} at the head commit.`];
  if (sameName.length > 0) {
    notes.push(`Files with the same name: ${sameName.slice(0, MAX_SUGGESTIONS).map(sanitiseInline).join(", ")}${sameName.length > MAX_SUGGESTIONS ? ", …" : ""}.`);
  }
  return notes;
}

/** read_file: a range of a file's lines at the head, numbered, within the line and size caps. */
export async function readFile(args: ReadFileArgs, environment: RepositoryToolEnvironment): Promise<ToolResult> {
  const limits = limitsOf(environment);
  const header = readFileHeader(args);
  const path = normalisePath(args.path);
  if (!environment.mayShow(path)) {
    const reason = environment.whyHidden?.(path) ?? "may hold secrets, and such files are never shown to the reviewer";
    return errorResult(header, `Refused: ${sanitiseInline(path)} ${reason}.`);
  }
  if (args.start_line !== undefined && args.end_line !== undefined && args.end_line < args.start_line) {
    return errorResult(header, `end_line (${args.end_line}) is before start_line (${args.start_line}).`);
  }
  const file = await environment.snapshot.readFile(path, "read");
  switch (file.kind) {
    case "missing":
      return errorResult(header, ...(await missingFileNotes(path, environment)));
    case "binary":
      return errorResult(header, `${sanitiseInline(path)} is a binary file; it has no lines to show.`);
    case "too-large":
      return errorResult(header, `${sanitiseInline(path)} is ${formatCount(file.bytes)} bytes, over the ${formatCount(file.limit)}-byte limit for reading a file; search it with search_code instead.`);
    case "unavailable":
      return errorResult(header, `${sanitiseInline(path)} cannot be read: ${file.reason}.`);
    case "text":
      return numberedRange(header, path, splitLines(environment.redact(file.text)), args, limits);
  }
}

function numberedRange(
  header: string,
  path: string,
  lines: readonly string[],
  args: ReadFileArgs,
  limits: ReturnType<typeof limitsOf>,
): ToolResult {
  const shownPath = sanitiseInline(path);
  if (lines.length === 0) return { header, body: "", notes: [`${shownPath} is empty.`], isError: false };
  const start = args.start_line ?? 1;
  if (start > lines.length) {
    return errorResult(header, `${shownPath} has ${formatCount(lines.length)} lines; start_line ${start} is past its end.`);
  }
  const requestedEnd = args.end_line ?? start + limits.defaultReadLines - 1;
  const lineCapEnd = start + limits.maxReadLines - 1;
  const end = Math.min(requestedEnd, lines.length, lineCapEnd);
  const width = numberWidth(end);
  const shown: string[] = [];
  let chars = 0;
  let last = start - 1;
  for (let lineNumber = start; lineNumber <= end; lineNumber += 1) {
    const line = numberedLine(lineNumber, showLine(lines[lineNumber - 1] ?? "", limits.maxLineChars), width);
    // The first line always goes in, so a call always makes progress through the file.
    if (shown.length > 0 && chars + line.length + 1 > limits.maxResultChars) break;
    shown.push(line);
    chars += line.length + 1;
    last = lineNumber;
  }
  const notes = [`${shownPath}: lines ${start}-${last} of ${formatCount(lines.length)}.`];
  if (last < end) {
    notes.push(`Cut after line ${last} to stay within ${formatCount(limits.maxResultChars)} characters; read on with start_line ${last + 1}.`);
  } else if (last < Math.min(requestedEnd, lines.length)) {
    notes.push(`At most ${limits.maxReadLines} lines per call; read on with start_line ${last + 1}.`);
  } else if (last < lines.length && args.end_line === undefined) {
    notes.push(`The file goes on; read on with start_line ${last + 1}.`);
  }
  const notesWhenCut = (shownLines: number): readonly string[] => {
    const lastShown = start + shownLines - 1;
    return [
      `${shownPath}: lines ${start}-${lastShown} of ${formatCount(lines.length)}.`,
      `Shortened to its first ${formatCount(shownLines)} of ${formatCount(shown.length)} lines to fit the room left for tool results in this review; read on with start_line ${lastShown + 1}, or ask for a narrower range.`,
    ];
  };
  return { header, body: shown.join("\n"), notes, isError: false, notesWhenCut };
}
