export const MARKER_PREFIX = "pr-reviewer:";

/**
 * The model's text is untrusted output: it must not ping people or teams, and must not forge the hidden
 * markers this app uses to recognise its own comments.
 */
export function sanitiseModelMarkdown(text: string): string {
  return text
    .replace(/<!--\s*pr-reviewer:/gi, "<!-- (quoted) ")
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u200b");
}

/** A fence longer than any backtick run inside, so code containing ``` cannot break out of its block. */
export function fenceFor(code: string): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (match) => match[0].length));
  return "`".repeat(Math.max(3, longestRun + 1));
}

export function hiddenMarker(kind: string, value = ""): string {
  return `<!-- ${MARKER_PREFIX}${kind}${value === "" ? "" : `=${value}`} -->`;
}

const TRUNCATION_NOTE = "\n\n… (truncated: GitHub limits this text to 65,536 characters)";

/** GitHub rejects bodies over 65,536 characters (check-run text: 65,535); keep the tail (markers) intact. */
export function fitToLimit(head: string, tail: string, limit: number): string {
  if (head.length + tail.length <= limit) return head + tail;
  const room = Math.max(0, limit - tail.length - TRUNCATION_NOTE.length);
  return head.slice(0, room) + TRUNCATION_NOTE + tail;
}
