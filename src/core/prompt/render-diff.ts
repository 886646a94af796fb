import type { FileDiff, Hunk } from "../diff/types.js";

/** File names come from the pull request: keep them on one line so they cannot forge prompt structure. */
export function sanitiseInline(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, "�");
}

function renderHunk(hunk: Hunk): string {
  const width = String(hunk.newStart + hunk.newLines).length;
  const blank = " ".repeat(width);
  const lines = [hunk.header];
  for (const line of hunk.lines) {
    if (line.kind === "delete") lines.push(`${blank} -${line.text}`);
    else {
      const number = String(line.newLine ?? "").padStart(width, " ");
      lines.push(`${number} ${line.kind === "add" ? "+" : " "}${line.text}`);
    }
  }
  return lines.join("\n");
}

/** One file's part of the prompt: a heading, then its hunks with new-file line numbers the model can cite. */
export function renderFileDiff(file: FileDiff, hunks: readonly Hunk[] = file.hunks): string {
  const renamed = file.previousPath !== undefined ? ` (renamed from ${sanitiseInline(file.previousPath)})` : "";
  const heading = `File: ${sanitiseInline(file.path)} [${file.status}]${renamed}`;
  return [heading, ...hunks.map(renderHunk)].join("\n");
}
