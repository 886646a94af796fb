import { hunkOf, isValidRange } from "../diff/line-index.js";
import type { DiffSide, FileDiff, Hunk } from "../diff/types.js";
import { linesOnSide, neighbourText, numberOn, textOfRange } from "./diff-text.js";
import { fingerprintOf, normaliseCode } from "./fingerprint.js";
import type { Finding } from "./review-tool.js";
import { suggestionFitsRange } from "./suggestion-fit.js";

/**
 * Fields a finding may carry beyond the tool schema of today. They are read structurally, so placement
 * works before and after the schema grows them: `side` lets a finding cite a deleted line (LEFT, old-file
 * number), `code` is the exact text of the cited line, used to re-anchor a finding whose number is off,
 * `confidence` (0–1) feeds the confidence threshold.
 */
export interface FindingExtras {
  readonly side?: DiffSide | undefined;
  readonly code?: string | undefined;
  readonly confidence?: number | undefined;
}

export type PlaceableFinding = Finding & FindingExtras;

/** A finding anchored to lines GitHub will accept: one side, and for a range both ends in one hunk. */
export interface InlineComment {
  readonly path: string;
  readonly side: DiffSide;
  readonly line: number;
  readonly startLine?: number;
  readonly finding: PlaceableFinding;
  readonly fingerprint: string;
  /** The suggestion may be a committable ```suggestion: RIGHT side, and it reads as a replacement of the range. */
  readonly committableSuggestion: boolean;
  /** The line the model cited, when the code it quoted was found on another line of the hunk. */
  readonly movedFrom?: number;
}

/** On a file of the review but not on a line of its diff: goes into the review body. */
export interface UnplacedFinding {
  readonly path: string;
  readonly side: DiffSide;
  readonly line: number;
  readonly finding: PlaceableFinding;
  readonly fingerprint: string;
  readonly reason: string;
}

/** On a file the review did not cover: the model saw no such file, so the finding is not posted, only counted. */
export interface DroppedFinding {
  readonly finding: PlaceableFinding;
  readonly reason: string;
}

export interface Placement {
  readonly inline: readonly InlineComment[];
  readonly unplaced: readonly UnplacedFinding[];
  readonly dropped: readonly DroppedFinding[];
}

export interface PlacementOptions {
  /**
   * Whether LEFT-side (deleted-line) findings can be anchored. An incremental review shows the model old-file
   * numbers of the previous head, which are not the numbers of the pull request's diff.
   */
  readonly allowLeft: boolean;
}

export function titleOf(finding: Finding): string {
  return (finding.title ?? finding.body.split("\n", 1)[0] ?? "").trim();
}

/** Models sometimes cite `./src/a.ts`, the diff's `b/src/a.ts`, or a renamed file's old name. */
function resolvePath(cited: string, files: ReadonlyMap<string, FileDiff>): FileDiff | undefined {
  const exact = files.get(cited);
  if (exact) return exact;
  const stripped = cited.trim().replace(/^\.\//, "").replace(/^[ab]\//, "");
  return files.get(stripped) ?? [...files.values()].find((file) => file.previousPath === stripped);
}

function firstCodeLine(code: string | undefined): string | undefined {
  const line = code?.split("\n").map(normaliseCode).find((candidate) => candidate !== "");
  return line === undefined || line === "" ? undefined : line;
}

function matchesQuote(text: string, quote: string): boolean {
  const line = normaliseCode(text);
  return line === quote || (quote.length >= 8 && line.includes(quote));
}

function distanceToHunk(hunk: Hunk, side: DiffSide, line: number): number {
  const numbers = linesOnSide(hunk, side).map((l) => numberOn(l, side) ?? 0);
  const first = numbers[0];
  const last = numbers.at(-1);
  if (first === undefined || last === undefined) return Number.POSITIVE_INFINITY;
  return line < first ? first - line : line > last ? line - last : 0;
}

/** The line nearest to `line`, within the hunk holding it (or the nearest hunk), whose text is the quoted code. */
function findQuotedLine(file: FileDiff, side: DiffSide, line: number, quote: string): number | undefined {
  let nearestHunk: Hunk | undefined;
  for (const hunk of file.hunks) {
    if (nearestHunk === undefined || distanceToHunk(hunk, side, line) < distanceToHunk(nearestHunk, side, line)) nearestHunk = hunk;
  }
  if (nearestHunk === undefined) return undefined;
  let best: number | undefined;
  for (const candidate of linesOnSide(nearestHunk, side)) {
    const number = numberOn(candidate, side);
    if (number === undefined || !matchesQuote(candidate.text, quote)) continue;
    if (best === undefined || Math.abs(number - line) < Math.abs(best - line)) best = number;
  }
  return best;
}

function lineText(file: FileDiff, side: DiffSide, line: number): string | undefined {
  return textOfRange(file, side, line, line)[0];
}

type Placed = { readonly kind: "inline"; readonly value: InlineComment } | { readonly kind: "unplaced"; readonly value: UnplacedFinding } | { readonly kind: "dropped"; readonly value: DroppedFinding };

function placeOne(finding: PlaceableFinding, files: ReadonlyMap<string, FileDiff>, options: PlacementOptions): Placed {
  const file = resolvePath(finding.path, files);
  if (!file) return { kind: "dropped", value: { finding, reason: `\`${finding.path}\` is not one of the reviewed files of this pull request` } };
  const side = finding.side ?? "RIGHT";
  const title = titleOf(finding);
  const unplaced = (line: number, reason: string): Placed => ({
    kind: "unplaced",
    value: { path: file.path, side, line, finding, reason, fingerprint: fingerprintOf({ path: file.path, side, code: [], title }) },
  });
  if (side === "LEFT" && !options.allowLeft) {
    return unplaced(finding.line, "it cites a deleted line, which an incremental review cannot anchor");
  }

  let line = finding.line;
  let movedFrom: number | undefined;
  const quote = firstCodeLine(finding.code);
  const cited = lineText(file, side, line);
  if (quote !== undefined && (cited === undefined || !matchesQuote(cited, quote))) {
    const found = findQuotedLine(file, side, line, quote);
    if (found !== undefined && found !== line) {
      movedFrom = line;
      line = found;
    }
  }
  const hunkIndex = hunkOf(file.lineIndex, side, line);
  const hunk = file.hunks.find((h) => h.index === hunkIndex);
  if (hunk === undefined) return unplaced(line, `line ${line} of \`${file.path}\` is outside the diff`);

  // GitHub wants start_line strictly before line and in the same hunk; a range that breaks either rule is
  // narrowed to its last line rather than risking a 422 that would reject the whole review.
  const start = finding.start_line === undefined ? undefined : finding.start_line + (movedFrom === undefined ? 0 : line - movedFrom);
  const startLine = start !== undefined && isValidRange(file.lineIndex, side, start, line) ? start : undefined;
  const range = textOfRange(file, side, startLine ?? line, line);
  const committableSuggestion =
    side === "RIGHT" &&
    finding.suggestion !== undefined &&
    suggestionFitsRange(finding.suggestion, {
      range,
      before: neighbourText(hunk, side, startLine ?? line, -1),
      after: neighbourText(hunk, side, line, 1),
    });
  return {
    kind: "inline",
    value: {
      path: file.path,
      side,
      line,
      ...(startLine === undefined ? {} : { startLine }),
      finding,
      fingerprint: fingerprintOf({ path: file.path, side, code: range, title }),
      committableSuggestion,
      ...(movedFrom === undefined ? {} : { movedFrom }),
    },
  };
}

/**
 * Decides, before anything is posted, where each finding can go: inline on a diff line (RIGHT or LEFT, one
 * line or a range inside one hunk), into the review body when it is on a reviewed file but outside the diff,
 * or nowhere when the file was not reviewed. GitHub rejects a whole review for one bad anchor, so only
 * anchors the line index vouches for become inline comments.
 */
export function placeFindings(
  findings: readonly PlaceableFinding[],
  files: ReadonlyMap<string, FileDiff>,
  options: PlacementOptions = { allowLeft: true },
): Placement {
  const inline: InlineComment[] = [];
  const unplaced: UnplacedFinding[] = [];
  const dropped: DroppedFinding[] = [];
  for (const finding of findings) {
    const placed = placeOne(finding, files, options);
    if (placed.kind === "inline") inline.push(placed.value);
    else if (placed.kind === "unplaced") unplaced.push(placed.value);
    else dropped.push(placed.value);
  }
  return { inline, unplaced, dropped };
}
