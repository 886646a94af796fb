import { cutMarkdown } from "../trust/cut-markdown.js";

export { fenceFor } from "../trust/markdown-blocks.js";

export const MARKER_PREFIX = "pr-reviewer:";

export function hiddenMarker(kind: string, value = ""): string {
  return `<!-- ${MARKER_PREFIX}${kind}${value === "" ? "" : `=${value}`} -->`;
}

const TRUNCATION_NOTE = "\n\n… (truncated: GitHub limits this text to 65,536 characters)";

/**
 * GitHub rejects bodies over 65,536 characters (check-run text: 65,535); keep the tail (markers) intact, and cut
 * the head where no sanitised construct is left half open.
 */
export function fitToLimit(head: string, tail: string, limit: number): string {
  if (head.length + tail.length <= limit) return head + tail;
  const room = Math.max(0, limit - tail.length - TRUNCATION_NOTE.length);
  return cutMarkdown(head, room) + TRUNCATION_NOTE + tail;
}
