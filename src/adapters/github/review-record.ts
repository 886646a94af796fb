import { externalIdFor } from "./check-run-external-id.js";
import type { GitHubClient } from "./github-client.js";

export interface ReviewRecordTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly checkRunName: string;
  /** Our app: check runs of the same name by another app are not ours. Unknown for a token that is not an app's. */
  readonly appId?: number;
}

export interface ReviewRecord {
  /** Our latest check run for this PR on the commit, when it completed with a review's conclusion. */
  readonly completed?: { readonly checkRunId: number; readonly conclusion: string };
  /**
   * Our check runs for this PR on the commit still `in_progress` although no review of the PR is running (the
   * queue runs one per PR at a time): left by a replica or process that died mid-review.
   */
  readonly orphans: readonly number[];
}

/** Conclusions that mean a review of this commit was made; a failed, cancelled or timed-out one was not. */
const REVIEWED = new Set(["success", "neutral"]);

/**
 * What this app already did on the commit for this pull request, read from GitHub itself (one listing of our
 * check runs) so the answer survives restarts and is the same on every replica.
 */
export async function readReviewRecord(octokit: GitHubClient, target: ReviewRecordTarget): Promise<ReviewRecord> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.checkRunName,
    ...(target.appId === undefined ? {} : { app_id: target.appId }),
    filter: "all",
    per_page: 100,
  });
  const ours = runs.filter((run) => run.external_id === externalIdFor(target.pullNumber));
  const latest = ours.reduce<(typeof ours)[number] | undefined>((newest, run) => (newest === undefined || run.id > newest.id ? run : newest), undefined);
  const orphans = ours.filter((run) => run.status === "in_progress").map((run) => run.id);
  if (latest?.status !== "completed" || latest.conclusion === null || !REVIEWED.has(latest.conclusion)) return { orphans };
  return { completed: { checkRunId: latest.id, conclusion: latest.conclusion }, orphans };
}
