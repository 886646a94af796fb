import type { NotAutomaticState } from "../incremental/review-state.js";
import { notAutomaticNotice, withoutNotAutomaticNotice } from "../publish/not-automatic-notice.js";
import { summaryWithNotice } from "../publish/summary-with-notice.js";

function sameNotice(a: NotAutomaticState | undefined, b: NotAutomaticState): boolean {
  if (a === undefined || a.reason !== b.reason || a.ask !== b.ask) return false;
  return a.reason === "fork" || (b.reason === "author-permission" && a.author === b.author && a.required === b.required);
}

/**
 * The summary comment's body once a push was not reviewed because of the repository's `automatic_reviews`: the
 * notice at its top and the state's record of it, everything else (an earlier review's findings and head) kept.
 * Undefined when the summary already says exactly this, so later pushes write nothing. Before any review there is
 * no summary yet: one is written that says only this.
 */
export function summaryWithNotAutomatic(existingBody: string | undefined, notAutomatic: NotAutomaticState): string | undefined {
  return summaryWithNotice(existingBody, {
    notice: notAutomaticNotice(notAutomatic),
    withoutNotice: withoutNotAutomaticNotice,
    nextState: (previous) => (sameNotice(previous.notAutomatic, notAutomatic) ? undefined : { ...previous, notAutomatic }),
  });
}
