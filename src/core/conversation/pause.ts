import { decodeState, type PausedState } from "../incremental/review-state.js";
import { pauseNotice, withoutPauseNotice } from "../publish/pause-notice.js";
import { summaryWithNotice } from "../publish/summary-with-notice.js";

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
  return summaryWithNotice(existingBody, {
    notice: paused === undefined ? undefined : pauseNotice(paused),
    withoutNotice: withoutPauseNotice,
    nextState(previous) {
      if ((previous.paused === undefined) === (paused === undefined)) return undefined;
      const { paused: _old, ...rest } = previous;
      return paused === undefined ? rest : { ...rest, paused };
    },
  });
}
