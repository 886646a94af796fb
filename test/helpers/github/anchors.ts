import { MESSAGES } from "./errors.js";
import { diffHunkEndingAt, lineOnSide, type PatchLine, type Side } from "./patch.js";
import type { StoredFile } from "./store.js";

export interface AnchorInput {
  readonly path: string;
  readonly line?: number | undefined;
  readonly side?: Side | undefined;
  readonly start_line?: number | undefined;
  readonly start_side?: Side | undefined;
  readonly position?: number | undefined;
  readonly subject_type?: "line" | "file" | undefined;
}

export type Anchor =
  | { readonly kind: "file"; readonly file: StoredFile }
  | {
      readonly kind: "line";
      readonly file: StoredFile;
      readonly side: Side;
      readonly line: number;
      readonly position: number;
      readonly diffHunk: string;
      readonly start?: { readonly side: Side; readonly line: number };
    };

export type AnchorResult = { readonly ok: true; readonly anchor: Anchor } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Where a review comment lands, judged as GitHub does: the path must be a file of the pull request (its
 * new name if renamed); `line` must be a line of the diff on `side` (RIGHT: added or context lines by
 * new-file number; LEFT: deleted or context lines by old-file number); a multi-line comment's start must
 * precede its end within the same hunk.
 */
export function resolveAnchor(files: readonly StoredFile[], input: AnchorInput): AnchorResult {
  const file = files.find((candidate) => candidate.json.filename === input.path);
  if (file === undefined) return fail(MESSAGES.pathInvalid, MESSAGES.hunkBlank);
  if (input.subject_type === "file") return { ok: true, anchor: { kind: "file", file } };
  const parsed = file.parsed;

  let end: PatchLine | undefined;
  let side: Side = input.side ?? "RIGHT";
  if (input.line === undefined && input.position !== undefined) {
    end = parsed?.lines[input.position];
    if (end === undefined || end.kind === "header" || end.kind === "no-newline") return fail(MESSAGES.positionInvalid, MESSAGES.hunkBlank);
    side = end.kind === "delete" ? "LEFT" : "RIGHT";
  } else if (input.line !== undefined && parsed !== undefined) {
    end = lineOnSide(parsed, side, input.line);
  }
  if (end === undefined || parsed === undefined) return fail(MESSAGES.lineNotInDiff, MESSAGES.hunkBlank);
  const line = (side === "LEFT" ? end.oldLine : end.newLine) ?? 0;

  const base = { kind: "line", file, side, line, position: end.position, diffHunk: diffHunkEndingAt(parsed, end) } as const;
  if (input.start_line === undefined) return { ok: true, anchor: base };

  const startSide = input.start_side ?? side;
  if (startSide === side && input.start_line >= line) return fail(MESSAGES.startLinePrecedes);
  const start = lineOnSide(parsed, startSide, input.start_line);
  if (start === undefined || start.hunk !== end.hunk) return fail(MESSAGES.startLineSameHunk);
  if (start.position >= end.position) return fail(MESSAGES.startLinePrecedes);
  return { ok: true, anchor: { ...base, start: { side: startSide, line: input.start_line } } };
}

function fail(...errors: string[]): AnchorResult {
  return { ok: false, errors };
}
