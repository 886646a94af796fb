import { pathMatcher } from "../diff/path-glob.js";
import { sanitiseInline } from "../prompt/render-diff.js";
import { normalisePath } from "./file-text.js";
import { literalMatcher, regexMatcher } from "./matchers.js";
import { scanRepository, type LineMatch, type ScanOutcome } from "./scan-repository.js";
import { SEARCH_CODE_TOOL_NAME, type SearchCodeArgs } from "./tool-schemas.js";
import {
  errorResult, formatCount, limitsOf, plural, type RepositoryToolEnvironment, type RepositoryToolLimits, type ToolResult,
} from "./tool-result.js";

/** `search_code "parseConfig" path_glob="src/**" regex`: the call as the model made it. */
export function searchCodeHeader(args: SearchCodeArgs): string {
  const glob = args.path_glob === undefined ? "" : ` path_glob=${JSON.stringify(args.path_glob)}`;
  return sanitiseInline(`${SEARCH_CODE_TOOL_NAME} ${JSON.stringify(args.query)}${glob}${args.regex === true ? " regex" : ""}`);
}

/** Characters of a matching line shown around the match: enough to read a call, not a minified file. */
const EXCERPT_CHARS = 240;
const EXCERPT_LEAD = 80;

function excerpt(match: LineMatch): string {
  const text = match.text.trimEnd();
  if (text.length <= EXCERPT_CHARS) return sanitiseInline(text.trimStart());
  const start = Math.max(0, Math.min(match.column - EXCERPT_LEAD, text.length - EXCERPT_CHARS));
  const cut = text.slice(start, start + EXCERPT_CHARS);
  return sanitiseInline(`${start > 0 ? "…" : ""}${start > 0 ? cut : cut.trimStart()}${start + EXCERPT_CHARS < text.length ? "…" : ""}`);
}

/**
 * search_code: every line of the head's text files (secret files left out) that holds the query, as
 * `path:line: text`, in path and line order, within the match and size caps.
 */
export async function searchCode(args: SearchCodeArgs, environment: RepositoryToolEnvironment): Promise<ToolResult> {
  const limits = limitsOf(environment);
  const header = searchCodeHeader(args);
  const compiled = args.regex === true ? regexMatcher(args.query) : { ok: true as const, matcher: literalMatcher(args.query) };
  if (!compiled.ok) return errorResult(header, `The query is ${compiled.message}.`);
  const inGlob = args.path_glob === undefined ? () => true : pathMatcher(normalisePath(args.path_glob));
  const outcome = await scanRepository({
    snapshot: environment.snapshot,
    include: (path) => environment.mayShow(path) && inGlob(path),
    redact: environment.redact,
    matcher: compiled.matcher,
    ...(args.regex === true ? { maxScanChars: limits.maxRegexScanChars } : {}),
    ...(environment.pause === undefined ? {} : { pause: environment.pause }),
  });
  return renderMatches(header, args, outcome, limits);
}

function renderMatches(header: string, args: SearchCodeArgs, outcome: ScanOutcome, limits: RepositoryToolLimits): ToolResult {
  const total = outcome.files.reduce((sum, file) => sum + file.lines.length, 0);
  const body: string[] = [];
  let shown = 0;
  let chars = 0;
  let cutForSize = false;
  for (const file of outcome.files) {
    if (shown >= limits.maxSearchMatches || cutForSize) break;
    const lines = file.lines.slice(0, Math.min(limits.maxMatchesPerFile, limits.maxSearchMatches - shown));
    let shownHere = 0;
    for (const match of lines) {
      const line = `${sanitiseInline(match.path)}:${match.line}: ${excerpt(match)}`;
      if (shown > 0 && chars + line.length + 1 > limits.maxResultChars) {
        cutForSize = true;
        break;
      }
      body.push(line);
      chars += line.length + 1;
      shown += 1;
      shownHere += 1;
    }
    const rest = file.lines.length - shownHere;
    if (rest > 0 && !cutForSize && shown < limits.maxSearchMatches) body.push(`${sanitiseInline(file.path)}: … ${plural(rest, "more matching line")}`);
  }

  const notes: string[] = [];
  const where = `${plural(outcome.filesScanned, "file")} searched`;
  if (total === 0) notes.push(`No match (${where}).`);
  else if (shown === total) notes.push(`${plural(total, "matching line")} in ${plural(outcome.files.length, "file")} (${where}).`);
  else {
    notes.push(
      `${formatCount(shown)} of ${plural(total, "matching line")} in ${plural(outcome.files.length, "file")} shown (${where}); ` +
        `search for something more precise${args.path_glob === undefined ? " or narrow it with path_glob" : ""}.`,
    );
  }
  if (outcome.leftUnscanned > 0) {
    notes.push(`Stopped after scanning ${formatCount(limits.maxRegexScanChars)} characters: ${plural(outcome.leftUnscanned, "file")} not searched; narrow the search with path_glob.`);
  }
  for (const [reason, count] of outcome.unreadable) notes.push(`${plural(count, "file")} not searched: ${reason}.`);
  if (outcome.tooLarge > 0) notes.push(`${plural(outcome.tooLarge, "file")} too large to search.`);
  if (outcome.incompleteListing !== undefined) notes.push(`The repository's file list is incomplete: ${outcome.incompleteListing}.`);
  return { header, body: body.join("\n"), notes, isError: false };
}
