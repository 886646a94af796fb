import type { RepositorySnapshot, SnapshotFile } from "../ports.js";
import { compareText } from "./tool-result.js";

/** Finds where a pattern occurs in a text. Implementations must run in time linear in the text. */
export interface TextMatcher {
  /** A cheap first look at the raw text: false when it cannot hold a match, so it need not be redacted. */
  mayMatch(text: string): boolean;
  /** Offsets where matches start, ascending. */
  matchStarts(text: string): Iterable<number>;
}

/** One line holding at least one match. */
export interface LineMatch {
  readonly path: string;
  /** From 1. */
  readonly line: number;
  /** Offset of the first match in the line. */
  readonly column: number;
  /** The line, redacted. */
  readonly text: string;
}

export interface FileMatches {
  readonly path: string;
  /** Every matching line of the file, in order. */
  readonly lines: readonly LineMatch[];
  /** The whole redacted text, for callers that show context around a match. */
  readonly text: string;
}

export interface ScanOptions {
  readonly snapshot: RepositorySnapshot;
  /** Only paths for which this holds are read. */
  readonly include: (path: string) => boolean;
  readonly redact: (text: string) => string;
  readonly matcher: TextMatcher;
  /** Stop reading files once this many characters were scanned; undefined scans everything. */
  readonly maxScanChars?: number;
  /** Stop once this many files have matched; undefined reads every file. */
  readonly maxMatchingFiles?: number;
  readonly pause?: () => Promise<void>;
}

export interface ScanOutcome {
  readonly files: readonly FileMatches[];
  readonly filesScanned: number;
  /** Files that could not be read (not loaded, request budget spent), by reason. */
  readonly unreadable: ReadonlyMap<string, number>;
  readonly tooLarge: number;
  /** Files left unread because a cap (scan characters, matching files) was reached. */
  readonly leftUnscanned: number;
  /** Why the snapshot's listing is not the whole tree. */
  readonly incompleteListing?: string;
}

/** Files read at once: a snapshot that fetches on demand may fetch them in parallel. */
const READ_BATCH = 8;
/** How much text is scanned between two pauses. */
const PAUSE_EVERY_CHARS = 2_000_000;

/** Matching lines of one text, each with the offset of its first match. */
export function matchingLines(path: string, text: string, matcher: TextMatcher): LineMatch[] {
  const lines: LineMatch[] = [];
  let lineNumber = 1;
  let lineStart = 0;
  let lastLine = 0;
  for (const offset of matcher.matchStarts(text)) {
    // Offsets ascend, so line numbers are counted forward from the previous match.
    let newline = text.indexOf("\n", lineStart);
    while (newline !== -1 && newline < offset) {
      lineNumber += 1;
      lineStart = newline + 1;
      newline = text.indexOf("\n", lineStart);
    }
    if (lineNumber === lastLine) continue;
    lastLine = lineNumber;
    const end = newline === -1 ? text.length : newline;
    const lineText = text.slice(lineStart, end).replace(/\r$/, "");
    lines.push({ path, line: lineNumber, column: offset - lineStart, text: lineText });
  }
  return lines;
}

/**
 * Reads the snapshot's files in path order and collects the lines that match. Secret files never get here:
 * `include` leaves them out. A match is looked for in the redacted text, so a secret can neither be shown
 * nor probed for by a query.
 */
export async function scanRepository(options: ScanOptions): Promise<ScanOutcome> {
  const listing = await options.snapshot.listFiles();
  const candidates = listing.paths.filter((path) => options.include(path)).sort(compareText);
  const files: FileMatches[] = [];
  const unreadable = new Map<string, number>();
  let tooLarge = 0;
  let scanned = 0;
  let scannedChars = 0;
  let sincePause = 0;
  let index = 0;
  const capReached = (): boolean =>
    (options.maxScanChars !== undefined && scannedChars >= options.maxScanChars) ||
    (options.maxMatchingFiles !== undefined && files.length >= options.maxMatchingFiles);

  while (index < candidates.length && !capReached()) {
    const batch = candidates.slice(index, index + READ_BATCH);
    const read = await Promise.all(batch.map(async (path): Promise<[string, SnapshotFile]> => [path, await options.snapshot.readFile(path, "search")]));
    for (const [path, file] of read) {
      if (capReached()) break;
      index += 1;
      if (file.kind === "too-large") tooLarge += 1;
      if (file.kind === "unavailable") unreadable.set(file.reason, (unreadable.get(file.reason) ?? 0) + 1);
      if (file.kind !== "text") continue;
      scanned += 1;
      scannedChars += file.text.length;
      sincePause += file.text.length;
      if (options.matcher.mayMatch(file.text)) {
        const text = options.redact(file.text);
        const lines = matchingLines(path, text, options.matcher);
        if (lines.length > 0) files.push({ path, lines, text });
      }
      if (options.pause !== undefined && sincePause >= PAUSE_EVERY_CHARS) {
        sincePause = 0;
        await options.pause();
      }
    }
  }
  return {
    files,
    filesScanned: scanned,
    unreadable,
    tooLarge,
    leftUnscanned: candidates.length - index,
    ...(listing.incomplete === undefined ? {} : { incompleteListing: listing.incomplete }),
  };
}
