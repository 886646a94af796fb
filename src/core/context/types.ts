/** A line of the head version of a file that is not part of the diff, shown to the model for understanding only. */
export interface ContextLine {
  readonly newLine: number;
  readonly text: string;
}

/** Surrounding code of one hunk: lines above its first line and below its last, in file order. */
export interface HunkContext {
  readonly before: readonly ContextLine[];
  readonly after: readonly ContextLine[];
}

/** hunk index → its surrounding code; a hunk without an entry is shown as the diff alone. */
export type FileContext = ReadonlyMap<number, HunkContext>;
