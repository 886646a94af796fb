import type { PausedState } from "../incremental/review-state.js";
import { markedNotice, withoutNotice } from "./summary-notice.js";

const KIND = "paused";

function loginText(login: string): string {
  // In code: names the person without a mention, so the summary's edits do not notify them again.
  return `\`${login.replace(/`/g, "")}\``;
}

/**
 * What the summary comment says while automatic reviews are paused: once, at its top, with how to resume. Between
 * hidden markers so that `/resume` can take it out again.
 */
export function pauseNotice(paused: PausedState): string {
  return markedNotice(KIND, [
    "> [!NOTE]",
    `> ⏸️ **Automatic reviews of this pull request are paused** (\`/pause\` by ${loginText(paused.by)}). Pushes are not ` +
      "reviewed until someone comments `/resume`; `/review` reviews the latest commit once, even while paused.",
  ]);
}

/** The body without the pause notice, if it had one. */
export function withoutPauseNotice(body: string): string {
  return withoutNotice(body, KIND);
}
