export type Side = "LEFT" | "RIGHT";

export type PatchLineKind = "header" | "add" | "delete" | "context" | "no-newline";

export interface PatchLine {
  readonly kind: PatchLineKind;
  readonly raw: string;
  /** Index of the hunk this line belongs to, from 0. */
  readonly hunk: number;
  /** Lines below the first `@@` header, as GitHub's legacy `position` counts them (the first header is 0). */
  readonly position: number;
  /** Old-file line number, for deleted and context lines. */
  readonly oldLine?: number;
  /** New-file line number, for added and context lines. */
  readonly newLine?: number;
}

export interface ParsedPatch {
  readonly lines: readonly PatchLine[];
  /** LEFT: old-file line → line of the diff; RIGHT: new-file line → line of the diff. */
  readonly left: ReadonlyMap<number, PatchLine>;
  readonly right: ReadonlyMap<number, PatchLine>;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses the `patch` field of `GET /pulls/{n}/files`: hunks without the `diff --git`/`---`/`+++` header.
 * Deliberately independent of the app's diff code, so the fake judges anchors on its own. Throws on a
 * patch whose hunk line counts do not add up, because GitHub never sends one and a test that builds one
 * by hand has a bug.
 */
export function parsePatch(patch: string): ParsedPatch {
  const rawLines = patch.split("\n");
  if (rawLines.at(-1) === "") rawLines.pop();
  const lines: PatchLine[] = [];
  const left = new Map<number, PatchLine>();
  const right = new Map<number, PatchLine>();
  let hunk = -1;
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;

  const fail = (index: number, why: string): never => {
    throw new Error(`malformed patch at line ${index + 1} (${JSON.stringify(rawLines[index])}): ${why}\n${patch}`);
  };

  rawLines.forEach((raw, index) => {
    const position = index;
    const header = HUNK_HEADER.exec(raw);
    if (header !== null) {
      if (oldLeft !== 0 || newLeft !== 0) fail(index, `previous hunk is missing ${oldLeft} old / ${newLeft} new lines`);
      hunk += 1;
      oldLine = Number(header[1]);
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLine = Number(header[3]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      lines.push({ kind: "header", raw, hunk, position });
      return;
    }
    if (hunk < 0) fail(index, "a patch starts with a hunk header");
    const marker = raw[0];
    if (marker === "\\") {
      lines.push({ kind: "no-newline", raw, hunk, position });
      return;
    }
    if (marker === "+") {
      if (newLeft <= 0) fail(index, "more added lines than the hunk header announces");
      const line: PatchLine = { kind: "add", raw, hunk, position, newLine };
      right.set(newLine, line);
      lines.push(line);
      newLine += 1;
      newLeft -= 1;
      return;
    }
    if (marker === "-") {
      if (oldLeft <= 0) fail(index, "more deleted lines than the hunk header announces");
      const line: PatchLine = { kind: "delete", raw, hunk, position, oldLine };
      left.set(oldLine, line);
      lines.push(line);
      oldLine += 1;
      oldLeft -= 1;
      return;
    }
    if (marker === " ") {
      if (oldLeft <= 0 || newLeft <= 0) fail(index, "more context lines than the hunk header announces");
      const line: PatchLine = { kind: "context", raw, hunk, position, oldLine, newLine };
      left.set(oldLine, line);
      right.set(newLine, line);
      lines.push(line);
      oldLine += 1;
      newLine += 1;
      oldLeft -= 1;
      newLeft -= 1;
      return;
    }
    fail(index, "a hunk line starts with ' ', '+', '-' or '\\'");
  });
  if (oldLeft !== 0 || newLeft !== 0) fail(rawLines.length - 1, `last hunk is missing ${oldLeft} old / ${newLeft} new lines`);
  return { lines, left, right };
}

export function lineOnSide(parsed: ParsedPatch, side: Side, line: number): PatchLine | undefined {
  return (side === "LEFT" ? parsed.left : parsed.right).get(line);
}

/** GitHub's `diff_hunk` of a review comment: the hunk from its header down to the commented line. */
export function diffHunkEndingAt(parsed: ParsedPatch, line: PatchLine): string {
  return parsed.lines
    .filter((candidate) => candidate.hunk === line.hunk && candidate.position <= line.position)
    .map((candidate) => candidate.raw)
    .join("\n");
}

export function countChanges(patch: string): { additions: number; deletions: number } {
  const parsed = parsePatch(patch);
  return {
    additions: parsed.lines.filter((line) => line.kind === "add").length,
    deletions: parsed.lines.filter((line) => line.kind === "delete").length,
  };
}
