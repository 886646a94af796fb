import type { PausedState } from "../incremental/review-state.js";
import { hiddenMarker } from "./markdown.js";

const NOTICE_START = hiddenMarker("paused");
const NOTICE_END = hiddenMarker("paused-end");

function loginText(login: string): string {
  // In code: names the person without a mention, so the summary's edits do not notify them again.
  return `\`${login.replace(/`/g, "")}\``;
}

/**
 * What the summary comment says while automatic reviews are paused: once, at its top, with how to resume. Between
 * hidden markers so that `/resume` can take it out again.
 */
export function pauseNotice(paused: PausedState): string {
  return [
    NOTICE_START,
    "> [!NOTE]",
    `> ⏸️ **Automatic reviews of this pull request are paused** (\`/pause\` by ${loginText(paused.by)}). Pushes are not ` +
      "reviewed until someone comments `/resume`; `/review` reviews the latest commit once, even while paused.",
    NOTICE_END,
  ].join("\n");
}

const NOTICE_PATTERN = new RegExp(`\\n*${escape(NOTICE_START)}[\\s\\S]*?${escape(NOTICE_END)}\\n*`, "g");

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The body without the pause notice, if it had one. */
export function withoutPauseNotice(body: string): string {
  return body.replace(NOTICE_PATTERN, "\n\n");
}
