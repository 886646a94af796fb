import type { GitHubClient } from "../adapters/github/github-client.js";
import { findPullRequestsOfCommit } from "../adapters/github/pull-requests-of-commit.js";
import { withRequestRetries } from "../adapters/github/request-retries.js";
import type { CommitJob, PullRequestJob } from "../adapters/jobs/review-job.js";
import type { ReviewQueue } from "../adapters/jobs/review-queue.js";
import type { EngineDependencies } from "./engine-dependencies.js";

/** One delivery may ask for several reviews; each gets its own id (the queue drops repeated ids as redeliveries). */
export function deliveryIdFor(deliveryId: string, pullNumber: number): string {
  return `${deliveryId}/pr-${pullNumber}`;
}

/**
 * A re-run of a check suite that named no pull request: the pull requests of its commit are found now, after
 * the delivery was answered, and each gets a forced review through the queue like any other re-run.
 */
export async function reviewPullRequestsOfCommit(client: GitHubClient, deps: EngineDependencies, queue: Pick<ReviewQueue, "enqueue">, job: CommitJob): Promise<void> {
  const log = deps.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, headSha: job.commitSha });
  const octokit = withRequestRetries(client, { ...deps.githubRetry, log });
  const numbers = await findPullRequestsOfCommit(octokit, {
    owner: job.owner, repo: job.repo, sha: job.commitSha, checkRunName: deps.settings.checkRunName, ...(deps.appId === undefined ? {} : { appId: deps.appId }),
  });
  if (numbers.length === 0) {
    log.warn({}, "re-run requested for a commit that is the head of no open pull request; nothing to review");
    return;
  }
  for (const pullNumber of numbers) {
    const review: PullRequestJob = {
      deliveryId: deliveryIdFor(job.deliveryId, pullNumber), installationId: job.installationId, owner: job.owner, repo: job.repo,
      pullNumber, pullRequest: null, forced: true, queuedAt: Date.now(),
    };
    const result = await queue.enqueue(review);
    log.info({ pr: pullNumber, result }, "review queued for a pull request of the re-run check suite");
  }
}
