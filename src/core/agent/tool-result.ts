import type { RepositorySnapshot } from "../ports.js";

/**
 * One tool call's answer. Qwen3-Coder's chat template drops tool call ids and merges consecutive results
 * into one turn, so `header` names the call it answers (e.g. `read_file src/a.ts:10-80`).
 * `body` is repository text: untrusted, to be fenced like the diff (see renderToolResult). `notes` are this
 * program's own words about the result (ranges, cuts, refusals).
 */
export interface ToolResult {
  readonly header: string;
  readonly body: string;
  readonly notes: readonly string[];
  /** The call could not be served (bad arguments, missing or refused file): the notes say why. */
  readonly isError: boolean;
  /**
   * The notes for the body cut to its first `shownLines` lines, when the tool's own notes would then be wrong
   * (read_file's "lines 1-200 … read on with start_line 201" after only 80 lines were shown).
   */
  readonly notesWhenCut?: (shownLines: number) => readonly string[];
}

export interface RepositoryToolLimits {
  /** Lines read_file returns when no end_line is given. */
  readonly defaultReadLines: number;
  /** Lines read_file returns at most per call. */
  readonly maxReadLines: number;
  /** Characters of one file line shown; the rest is cut (minified code). */
  readonly maxLineChars: number;
  /** Characters of a result's body. */
  readonly maxResultChars: number;
  /** Matching lines search_code returns, over all files. */
  readonly maxSearchMatches: number;
  /** Matching lines search_code returns from one file, so one file cannot take the whole answer. */
  readonly maxMatchesPerFile: number;
  /** Characters of text a regular-expression search scans per call; a literal search is cheap and unbounded. */
  readonly maxRegexScanChars: number;
  /** Paths list_files returns. */
  readonly maxListedPaths: number;
}

export const DEFAULT_TOOL_LIMITS: RepositoryToolLimits = {
  defaultReadLines: 200,
  maxReadLines: 400,
  maxLineChars: 500,
  maxResultChars: 24_000,
  maxSearchMatches: 50,
  maxMatchesPerFile: 10,
  maxRegexScanChars: 32_000_000,
  maxListedPaths: 200,
};

/** What the repository tools work with; the two functions come from the secret-file rules. */
export interface RepositoryToolEnvironment {
  readonly snapshot: RepositorySnapshot;
  /** false for a file never shown to the model (secrets such as `.env`): refused by read_file, left out of search and listing. */
  readonly mayShow: (path: string) => boolean;
  /** Why read_file refuses a file `mayShow` hides; a file of secrets when not given. */
  readonly whyHidden?: (path: string) => string | undefined;
  /** Masks secrets in text before it is shown. */
  readonly redact: (text: string) => string;
  readonly limits?: Partial<RepositoryToolLimits>;
  /** Lets other work run between files of a long search (the event loop, in the server). */
  readonly pause?: () => Promise<void>;
}

export function limitsOf(environment: RepositoryToolEnvironment): RepositoryToolLimits {
  return { ...DEFAULT_TOOL_LIMITS, ...environment.limits };
}

export function errorResult(header: string, ...notes: string[]): ToolResult {
  return { header, body: "", notes, isError: true };
}

/** Code unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1234` → `1,234`, without depending on the locale. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
