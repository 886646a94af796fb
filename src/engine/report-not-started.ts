import { createCompletedCheckRun, fetchPullRequest } from "../adapters/github/completed-check-run.js";
import type { GitHubClient } from "../adapters/github/github-client.js";
import { withRequestRetries } from "../adapters/github/request-retries.js";
import type { PullRequestJob } from "../adapters/jobs/review-job.js";
import { checkRunOutputForNotStarted } from "../core/publish/check-run-output.js";
import type { EngineDependencies } from "./engine-dependencies.js";
import { checkRunTarget } from "./run-review-job.js";

/** A job that will never run gets a completed check run saying why, so the PR does not wait for nothing. */
export async function reportNotStarted(client: GitHubClient, deps: EngineDependencies, job: PullRequestJob, reason: string): Promise<void> {
  const octokit = withRequestRetries(client, { ...deps.githubRetry, log: deps.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber }) });
  const headSha = job.pullRequest?.headSha ?? (await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber)).headSha;
  await createCompletedCheckRun(octokit, checkRunTarget(job, headSha, deps), checkRunOutputForNotStarted(reason));
}
