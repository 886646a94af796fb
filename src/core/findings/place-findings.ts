import { hunkOf } from "../diff/line-index.js";
import type { FileDiff } from "../diff/types.js";
import type { Finding } from "./review-tool.js";

/** A finding anchored to lines GitHub will accept: RIGHT side, and for a range both ends in one hunk. */
export interface InlineComment {
  readonly path: string;
  readonly line: number;
  readonly startLine?: number;
  readonly side: "RIGHT";
  readonly finding: Finding;
}

export interface UnplacedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface Placement {
  readonly inline: readonly InlineComment[];
  readonly unplaced: readonly UnplacedFinding[];
}

/** Models sometimes cite `./src/a.ts` or the diff's `b/src/a.ts`; the file is still unambiguous. */
function resolvePath(cited: string, files: ReadonlyMap<string, FileDiff>): FileDiff | undefined {
  const exact = files.get(cited);
  if (exact) return exact;
  const stripped = cited.trim().replace(/^\.\//, "").replace(/^[ab]\//, "");
  return files.get(stripped);
}

function placeOne(finding: Finding, files: ReadonlyMap<string, FileDiff>): InlineComment | UnplacedFinding {
  const file = resolvePath(finding.path, files);
  if (!file) return { finding, reason: `\`${finding.path}\` is not one of the reviewed files of this pull request` };
  const hunk = hunkOf(file.lineIndex, "RIGHT", finding.line);
  if (hunk === undefined) {
    return { finding, reason: `line ${finding.line} of \`${file.path}\` is not a line of the diff` };
  }
  const start = finding.start_line;
  // GitHub wants start_line strictly before line and in the same hunk; a range that breaks either rule is
  // narrowed to its last line rather than risking a 422 that would reject the whole review.
  const rangeIsValid =
    start !== undefined && start < finding.line && hunkOf(file.lineIndex, "RIGHT", start) === hunk;
  return rangeIsValid
    ? { path: file.path, line: finding.line, startLine: start, side: "RIGHT", finding }
    : { path: file.path, line: finding.line, side: "RIGHT", finding };
}

function isInline(placed: InlineComment | UnplacedFinding): placed is InlineComment {
  return "side" in placed;
}

/** Decides, before anything is posted, where each finding can go: inline on the diff, or into the review body. */
export function placeFindings(findings: readonly Finding[], files: ReadonlyMap<string, FileDiff>): Placement {
  const inline: InlineComment[] = [];
  const unplaced: UnplacedFinding[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const placed = placeOne(finding, files);
    if (isInline(placed)) {
      const key = `${placed.path}\u0000${placed.line}\u0000${finding.body.trim()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inline.push(placed);
    } else {
      unplaced.push(placed);
    }
  }
  return { inline, unplaced };
}
