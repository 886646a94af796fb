const FENCE_LINE = /^(`{3,}|~{3,})/;

/** The fence of a code block left open at the end of `text`, if any (fences as the sanitiser writes them). */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    const fence = FENCE_LINE.exec(trimmed)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (trimmed.length >= open.length && [...trimmed].every((c) => c === open?.[0])) open = undefined;
  }
  return open;
}

/** Where an unclosed code span starts on the last line, so that cutting there leaves no address un-fenced. */
function openCodeSpanStart(line: string): number | undefined {
  let open: { readonly at: number; readonly length: number } | undefined;
  let i = 0;
  while (i < line.length) {
    if (line[i] !== "`") {
      i += 1;
      continue;
    }
    let length = 1;
    while (line[i + length] === "`") length += 1;
    let backslashes = 0;
    while (line[i - 1 - backslashes] === "\\") backslashes += 1;
    // Outside a code span, a backslash escapes the first backtick of the run; inside one it escapes nothing.
    const escaped = open === undefined && backslashes % 2 === 1;
    const run = escaped ? { at: i + 1, length: length - 1 } : { at: i, length };
    if (run.length > 0) {
      if (open === undefined) open = run;
      else if (open.length === run.length) open = undefined;
    }
    i += length;
  }
  return open?.at;
}

/**
 * The first `room` characters of markdown we are about to post, cut where no construct is left half open: at a
 * line end when one is near, never inside a code span (a cut one would leave the address it fenced as a live
 * link), and with an open fenced block closed so that what follows is not swallowed by it.
 */
export function cutMarkdown(text: string, room: number): string {
  if (text.length <= room) return text;
  const fenceReserve = 40;
  let cut = text.slice(0, Math.max(0, room - fenceReserve));
  const lineEnd = cut.lastIndexOf("\n");
  if (lineEnd >= cut.length / 2) cut = cut.slice(0, lineEnd);
  const lastLineStart = cut.lastIndexOf("\n") + 1;
  const spanStart = openCodeSpanStart(cut.slice(lastLineStart));
  if (spanStart !== undefined) cut = cut.slice(0, lastLineStart + spanStart);
  const fence = openFence(cut);
  return fence === undefined ? cut : `${cut}\n${fence}`;
}
