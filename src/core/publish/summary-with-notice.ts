import { decodeState, encodeState, withoutState, type ReviewState } from "../incremental/review-state.js";
import { fitToLimit, SUMMARY_HEADING, SUMMARY_MARKER } from "./markdown.js";
import { SUMMARY_LIMIT } from "./render-summary.js";
import { withNoticeOnTop } from "./summary-notice.js";

export interface NoticeChange {
  /** The notice to show at the summary's top; undefined takes it away. */
  readonly notice: string | undefined;
  /** The summary's text without this kind of notice. */
  readonly withoutNotice: (body: string) => string;
  /** The state with the change recorded; undefined when the summary already says this. */
  readonly nextState: (previous: ReviewState) => ReviewState | undefined;
}

/**
 * The summary comment's body with one kind of notice (reviews paused, not reviewed automatically) put on its top or
 * taken away and the state's record of it changed, everything else kept. Undefined when nothing changes. Before
 * the first review there is no summary yet: one is written that says only the notice.
 */
export function summaryWithNotice(existingBody: string | undefined, change: NoticeChange): string | undefined {
  const previous: ReviewState = (existingBody === undefined ? undefined : decodeState(existingBody)) ?? { version: 1, findings: [] };
  const state = change.nextState(previous);
  if (state === undefined) return undefined;
  if (existingBody === undefined) {
    if (change.notice === undefined) return undefined;
    return [`${SUMMARY_MARKER}\n${SUMMARY_HEADING}`, change.notice, "_No review yet._", encodeState(state)].join("\n\n");
  }
  const text = change.withoutNotice(withoutState(existingBody)).trimEnd();
  return fitToLimit(change.notice === undefined ? text : withNoticeOnTop(text, change.notice), `\n\n${encodeState(state)}`, SUMMARY_LIMIT);
}
