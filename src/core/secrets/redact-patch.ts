import { redactLines } from "./redact-secrets.js";

/** A line a pull request adds, with the secret shapes found on it. */
export interface AddedLineSecret {
  /** The line's number in the new file. */
  readonly line: number;
  readonly kinds: readonly string[];
  /** The line as the model sees it, redacted. */
  readonly text: string;
}

export interface RedactedPatch {
  readonly patch: string;
  /** Secrets on added lines, the ones this pull request commits; context and deleted lines are redacted only. */
  readonly added: readonly AddedLineSecret[];
  /** The first added line, for a finding on a file that is a secret as a whole. */
  readonly firstAddedLine?: number;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

interface Hunk {
  readonly header: string;
  readonly lines: string[];
}

/**
 * Redacts one file's patch (as `GET /pulls/{n}/files` gives it, hunks without file headers) line by line,
 * keeping every line and its `+`, `-` or space marker, so the patch parses to the same line numbers. Each hunk
 * is read on its own, as the lines between two hunks are not shown. Lines that parse as no hunk line are
 * redacted as text.
 */
export function redactPatch(patch: string): RedactedPatch {
  const rawLines = patch.split("\n");
  const out: string[] = [];
  const added: AddedLineSecret[] = [];
  let firstAddedLine: number | undefined;
  const hunks: Hunk[] = [];
  const before: string[] = [];
  for (const line of rawLines) {
    if (HUNK_HEADER.test(line)) hunks.push({ header: line, lines: [] });
    else if (hunks.length === 0) before.push(line);
    else hunks.at(-1)?.lines.push(line);
  }
  out.push(...redactLines(before).lines);
  for (const hunk of hunks) {
    const header = HUNK_HEADER.exec(hunk.header);
    // The section heading after `@@ … @@` is a line of the file too.
    out.push(redactLines([hunk.header]).lines[0] ?? hunk.header);
    const markers = hunk.lines.map((line) => line.slice(0, 1));
    const redacted = redactLines(hunk.lines.map((line) => (line.startsWith("\\") ? "" : line.slice(1))));
    const kindsAt = new Map(redacted.redactions.map((r) => [r.line, r.kinds]));
    let newLine = Number(header?.[1] ?? "1");
    hunk.lines.forEach((line, index) => {
      const marker = markers[index] ?? "";
      const text = redacted.lines[index] ?? "";
      if (line.startsWith("\\")) {
        out.push(line);
        return;
      }
      out.push(`${marker}${text}`);
      if (marker === "+") {
        firstAddedLine ??= newLine;
        const kinds = kindsAt.get(index);
        if (kinds !== undefined) added.push({ line: newLine, kinds, text });
      }
      if (marker !== "-") newLine += 1;
    });
  }
  return { patch: out.join("\n"), added, ...(firstAddedLine === undefined ? {} : { firstAddedLine }) };
}
