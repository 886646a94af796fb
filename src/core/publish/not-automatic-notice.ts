import type { NotAutomaticState, ReviewRequestWay } from "../incremental/review-state.js";
import { codeText } from "../trust/sanitise-output.js";
import { markedNotice, withoutNotice } from "./summary-notice.js";

const KIND = "not-automatic";

/** Why pushes to the pull request are not reviewed automatically, as one sentence naming the setting. */
export function whyNotAutomatic(state: NotAutomaticState): string {
  if (state.reason === "fork") {
    return "it comes from a fork, and this repository reviews pull requests from forks only when asked (`automatic_reviews.forks: false`).";
  }
  // The login is GitHub's, but still the pull request's: shown as code, it neither mentions nor links anyone.
  return (
    `its author, ${codeText(state.author)}, is not known to have \`${state.required}\` permission on this repository, which automatic ` +
    `reviews need here (\`automatic_reviews.min_author_permission: ${state.required}\`).`
  );
}

/** How a maintainer has the pull request reviewed anyway, where this app runs. */
export function howToAskForReview(ask: ReviewRequestWay): string {
  return ask === "command"
    ? "A maintainer can comment `/review` to have the latest commit reviewed (`/review full` for the whole pull request)."
    : "A maintainer can re-run the workflow's job, or comment `/review` where the workflow runs on comments, to have the latest commit reviewed.";
}

/**
 * What the summary comment says while the repository's `automatic_reviews` keeps pushes from being reviewed: once,
 * at its top, between hidden markers so that it can be replaced or taken out; a push that changes nothing about it
 * writes nothing.
 */
export function notAutomaticNotice(state: NotAutomaticState): string {
  return markedNotice(KIND, ["> [!NOTE]", `> 🔒 **Pushes to this pull request are not reviewed automatically:** ${whyNotAutomatic(state)} ${howToAskForReview(state.ask)}`]);
}

/** The body without the notice, if it had one. */
export function withoutNotAutomaticNotice(body: string): string {
  return withoutNotice(body, KIND);
}
