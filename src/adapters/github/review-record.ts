import type { GitHubClient } from "./pull-request-host.js";

export interface ReviewRecordTarget {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly checkRunName: string;
  readonly appId: number;
}

/** Conclusions that mean a review of this commit was made; a failed, cancelled or timed-out one was not. */
const REVIEWED = new Set(["success", "neutral"]);

/**
 * Whether this app already reviewed the commit, read from GitHub itself so the answer survives restarts and
 * is the same on every replica: our latest check run on the SHA, completed with a review's conclusion.
 */
export async function findCompletedReview(octokit: GitHubClient, target: ReviewRecordTarget): Promise<{ checkRunId: number; conclusion: string } | undefined> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.checkRunName,
    app_id: target.appId,
    filter: "latest",
    per_page: 1,
  });
  const latest = data.check_runs[0];
  if (latest?.status !== "completed" || latest.conclusion === null || !REVIEWED.has(latest.conclusion)) return undefined;
  return { checkRunId: latest.id, conclusion: latest.conclusion };
}

/**
 * Our check runs on the commit for this pull request that are still `in_progress` although no review of the
 * pull request is running (the queue runs one per PR at a time): left by a replica or process that died
 * mid-review. They would spin on the PR forever; the caller completes them.
 */
export async function findOrphanedCheckRuns(octokit: GitHubClient, target: ReviewRecordTarget & { readonly pullNumber: number }): Promise<number[]> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.checkRunName,
    app_id: target.appId,
    status: "in_progress",
    per_page: 100,
  });
  return runs.filter((run) => run.external_id === `pr-${target.pullNumber}`).map((run) => run.id);
}
