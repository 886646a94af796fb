import { decodeState, encodeState, withoutState, type NotAutomaticState, type ReviewState } from "../incremental/review-state.js";
import { fitToLimit, SUMMARY_HEADING, SUMMARY_MARKER } from "../publish/markdown.js";
import { notAutomaticNotice, withoutNotAutomaticNotice } from "../publish/not-automatic-notice.js";
import { SUMMARY_LIMIT } from "../publish/render-summary.js";
import { withNoticeOnTop } from "../publish/summary-notice.js";

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
  if (existingBody === undefined) {
    const state: ReviewState = { version: 1, findings: [], notAutomatic };
    return [`${SUMMARY_MARKER}\n${SUMMARY_HEADING}`, notAutomaticNotice(notAutomatic), "_No review yet._", encodeState(state)].join("\n\n");
  }
  const previous: ReviewState = decodeState(existingBody) ?? { version: 1, findings: [] };
  if (sameNotice(previous.notAutomatic, notAutomatic)) return undefined;
  const text = withoutNotAutomaticNotice(withoutState(existingBody)).trimEnd();
  return fitToLimit(withNoticeOnTop(text, notAutomaticNotice(notAutomatic)), `\n\n${encodeState({ ...previous, notAutomatic })}`, SUMMARY_LIMIT);
}
