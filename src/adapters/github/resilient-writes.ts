import { externalIdFor } from "./check-run-external-id.js";
import { hiddenMarker } from "../../core/publish/markdown.js";
import type { PullRequestHost } from "../../core/ports.js";
import { isOurAuthor, type GitHubClient, type PullRequestTarget } from "./github-client.js";
import { retryWaits } from "./abortable-wait.js";
import { retryWrite, type WriteRetryOptions } from "./write-retry.js";

/**
 * Wraps a host's writes in GitHub's retry rules. Creating a review is never repeated: before a retry, the PR's
 * reviews are searched for one on the same commit whose body carries our hidden marker for that commit (the
 * marker the review body ends with; model text cannot forge it). A check run created twice would leave one
 * spinning forever, so its creation is checked the same way.
 */
export function withWriteRetries<H extends PullRequestHost>(host: H, octokit: GitHubClient, target: PullRequestTarget, writeOptions: WriteRetryOptions): H {
  const options: WriteRetryOptions = { ...writeOptions, wait: writeOptions.wait ?? retryWaits(writeOptions.signal) };
  const repo = { owner: target.owner, repo: target.repo };
  const marker = hiddenMarker("review", target.headSha);

  const reviewAlreadyPosted = async (): Promise<true | undefined> => {
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: target.pullNumber, per_page: 100 });
    const ours = reviews.some((review) => review.commit_id === target.headSha && isOurAuthor(review.user, target) && (review.body ?? "").includes(marker));
    return ours ? true : undefined;
  };

  return {
    ...host,
    startCheckRun: () => {
      const startedAt = Date.now();
      return retryWrite(
        {
          name: "create check run",
          attempt: () => host.startCheckRun(),
          alreadyDone: async () => {
            const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: target.headSha, check_name: target.checkRunName, filter: "latest", per_page: 1 });
            const latest = data.check_runs[0];
            const createdByUs =
              latest !== undefined && latest.status === "in_progress" && latest.external_id === externalIdFor(target.pullNumber) &&
              latest.started_at !== null && Date.parse(latest.started_at) >= startedAt - 1_000;
            return createdByUs ? latest.id : undefined;
          },
        },
        options,
      );
    },
    completeCheckRun: (checkRunId, output) => retryWrite({ name: "complete check run", attempt: () => host.completeCheckRun(checkRunId, output) }, options),
    reportProgress: (checkRunId, text) => retryWrite({ name: "report progress", attempt: () => host.reportProgress(checkRunId, text) }, options),
    writeSummaryComment: (existing, body) => {
      let attempts = 0;
      return retryWrite(
        {
          name: "write summary comment",
          // After an ambiguous failure the comment may exist already: look again, so a retry edits it in place
          // instead of creating a second summary.
          attempt: async () => {
            attempts += 1;
            const current = existing ?? (attempts > 1 ? await host.findSummaryComment() : undefined);
            await host.writeSummaryComment(current, body);
          },
        },
        options,
      );
    },
    replyToReviewComment: (commentId, body) => retryWrite({ name: "reply in a review thread", attempt: () => host.replyToReviewComment(commentId, body) }, options),
    postReview: (review) =>
      retryWrite(
        {
          name: "create review",
          attempt: () => host.postReview(review).then(() => true as const),
          alreadyDone: reviewAlreadyPosted,
        },
        options,
      ).then(() => undefined),
  };
}
