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
   * Our check runs for this PR on the commit still `in_progress`. Where one review of a PR runs at a time (the
   * App's queue), each was left by a replica or process that died mid-review; where separate runs may overlap
   * (the Action's workflow runs), a recent one may be a review still running.
   */
  readonly inProgress: readonly InProgressCheckRun[];
}

export interface InProgressCheckRun {
  readonly checkRunId: number;
  /** Epoch milliseconds; 0 when GitHub gave no start. */
  readonly startedAt: number;
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
  const inProgress = ours
    .filter((run) => run.status === "in_progress")
    .map((run) => ({ checkRunId: run.id, startedAt: run.started_at === null ? 0 : Date.parse(run.started_at) || 0 }));
  if (latest?.status !== "completed" || latest.conclusion === null || !REVIEWED.has(latest.conclusion)) return { inProgress };
  return { completed: { checkRunId: latest.id, conclusion: latest.conclusion }, inProgress };
}
