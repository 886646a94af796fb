import type { PullRequestHost } from "../../core/ports.js";
import { NO_CHECK_RUN } from "./check-runs-if-permitted.js";

/**
 * A pull request reviewed from the terminal without `--post`: files and their text are read from GitHub, and
 * nothing is written there — no check run, review, summary or reply. Earlier reviews are not looked at, so the
 * whole pull request is reviewed as if for the first time.
 */
export function withoutWrites(host: PullRequestHost, onProgress?: (text: string) => void): PullRequestHost {
  return {
    ...host,
    startCheckRun: () => Promise.resolve(NO_CHECK_RUN),
    completeCheckRun: () => Promise.resolve(),
    reportProgress(_checkRunId, text) {
      onProgress?.(text);
      return Promise.resolve();
    },
    postReview: () => Promise.resolve(),
    postReviewComment: () => Promise.resolve(),
    compareWithHead: () => Promise.resolve(undefined),
    findSummaryComment: () => Promise.resolve(undefined),
    writeSummaryComment: () => Promise.resolve(),
    listReviewComments: () => Promise.resolve([]),
    replyToReviewComment: () => Promise.resolve(),
    resolveReviewThread: () => Promise.resolve("not-found"),
  };
}
