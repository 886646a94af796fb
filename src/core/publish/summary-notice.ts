import { hiddenMarker, SUMMARY_HEADING, SUMMARY_MARKER } from "./markdown.js";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A notice at the top of the summary comment (reviews paused, not reviewed automatically), between hidden markers
 * named after `kind` so that it can be taken out or replaced without touching the rest.
 */
export function markedNotice(kind: string, lines: readonly string[]): string {
  return [hiddenMarker(kind), ...lines, hiddenMarker(`${kind}-end`)].join("\n");
}

/** The body without the `kind` notice, if it had one. */
export function withoutNotice(body: string, kind: string): string {
  const pattern = new RegExp(`\\n*${escape(hiddenMarker(kind))}[\\s\\S]*?${escape(hiddenMarker(`${kind}-end`))}\\n*`, "g");
  return body.replace(pattern, "\n\n");
}

/** The summary's text (its state left off) with `notice` right under its heading, or at its top when it has none. */
export function withNoticeOnTop(text: string, notice: string): string {
  const at = text.indexOf(SUMMARY_HEADING);
  const insertAt = at < 0 ? (text.startsWith(SUMMARY_MARKER) ? SUMMARY_MARKER.length : 0) : at + SUMMARY_HEADING.length;
  return `${text.slice(0, insertAt)}\n\n${notice}\n\n${text.slice(insertAt).replace(/^\n+/, "")}`.trimEnd();
}
