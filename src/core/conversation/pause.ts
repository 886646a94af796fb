import { decodeState, encodeState, withoutState, type PausedState, type ReviewState } from "../incremental/review-state.js";
import { fitToLimit, SUMMARY_HEADING, SUMMARY_MARKER } from "../publish/markdown.js";
import { pauseNotice, withoutPauseNotice } from "../publish/pause-notice.js";
import { SUMMARY_LIMIT } from "../publish/render-summary.js";
import { withNoticeOnTop } from "../publish/summary-notice.js";

/** Whether automatic reviews of the pull request are paused, from its summary comment (none: not paused). */
export function pausedState(summaryBody: string | undefined): PausedState | undefined {
  return summaryBody === undefined ? undefined : decodeState(summaryBody)?.paused;
}

/**
 * The summary comment's body after `/pause` (`paused` given) or `/resume` (undefined): the state's flag and the
 * notice at the top change, everything else stays. Undefined when nothing changes — pausing a paused pull request
 * keeps who paused it first, resuming one that is not paused does nothing. Before the first review there is no
 * summary yet: `/pause` writes one that says only that reviews are paused.
 */
export function summaryWithPause(existingBody: string | undefined, paused: PausedState | undefined): string | undefined {
  if (existingBody === undefined) {
    if (paused === undefined) return undefined;
    const state: ReviewState = { version: 1, findings: [], paused };
    return [`${SUMMARY_MARKER}\n${SUMMARY_HEADING}`, pauseNotice(paused), "_No review yet._", encodeState(state)].join("\n\n");
  }
  const previous: ReviewState = decodeState(existingBody) ?? { version: 1, findings: [] };
  if ((previous.paused === undefined) === (paused === undefined)) return undefined;
  const { paused: _old, ...rest } = previous;
  const state: ReviewState = paused === undefined ? rest : { ...rest, paused };
  const text = withoutPauseNotice(withoutState(existingBody)).trimEnd();
  return fitToLimit(paused === undefined ? text : withNoticeOnTop(text, pauseNotice(paused)), `\n\n${encodeState(state)}`, SUMMARY_LIMIT);
}
