/** What GitHub says happened to a file in a pull request (`GET /pulls/{n}/files` → `status`). */
export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/**
 * One changed file as the pull-request files endpoint reports it, reduced to what the core needs.
 * `patch` is the unified diff without file headers; GitHub leaves it out for binary files and for
 * files whose diff is too large.
 */
export interface ChangedFile {
  readonly path: string;
  readonly previousPath?: string;
  readonly status: FileStatus;
  readonly patch?: string;
  readonly additions: number;
  readonly deletions: number;
}

export type DiffSide = "LEFT" | "RIGHT";

export type DiffLineKind = "add" | "delete" | "context";

/**
 * One line of a hunk. `newLine` is set for added and context lines (RIGHT side), `oldLine` for deleted
 * and context lines (LEFT side). `text` is the line without its leading `+`, `-` or space.
 */
export interface DiffLine {
  readonly kind: DiffLineKind;
  readonly oldLine?: number;
  readonly newLine?: number;
  readonly text: string;
}

export interface Hunk {
  /** Position of the hunk in its file, from 0. */
  readonly index: number;
  /** The `@@ -a,b +c,d @@ section` line as it appears in the patch. */
  readonly header: string;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

/**
 * Which lines of one file a review comment may be anchored to, and in which hunk each lies.
 * GitHub accepts a comment only on a line of the diff, and a multi-line comment only when both ends are
 * in the same hunk on the same side.
 */
export interface LineIndex {
  /** new-file line number → hunk index, for added and context lines */
  readonly right: ReadonlyMap<number, number>;
  /** old-file line number → hunk index, for deleted and context lines */
  readonly left: ReadonlyMap<number, number>;
}

export interface FileDiff {
  readonly path: string;
  readonly previousPath?: string;
  readonly status: FileStatus;
  readonly hunks: readonly Hunk[];
  readonly lineIndex: LineIndex;
  readonly additions: number;
  readonly deletions: number;
}
