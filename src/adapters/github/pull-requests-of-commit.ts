import { pullNumberOfExternalId } from "./check-run-external-id.js";
import type { GitHubClient } from "./github-client.js";

export interface CommitTarget {
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
  readonly checkRunName: string;
  /** Our app: check runs of the same name by another app are not ours. */
  readonly appId?: number;
}

/**
 * The open pull requests whose head is `sha`, for a check suite GitHub linked to none (a fork's PR).
 *
 * `GET /commits/{sha}/pulls` lists the pull requests "associated with" a commit: merged ones that introduced it
 * and open ones that contain it, so only open ones whose head it is are kept. For a commit that lives only in a
 * fork it is known to answer nothing; our own check runs on the commit carry the PR number in `external_id`
 * (set for exactly this case), so those are read when the first answer is empty.
 */
export async function findPullRequestsOfCommit(octokit: GitHubClient, target: CommitTarget): Promise<number[]> {
  const repo = { owner: target.owner, repo: target.repo };
  const associated = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: target.sha, per_page: 100 });
  const heads = associated.filter((pull) => pull.state === "open" && pull.head.sha === target.sha).map((pull) => pull.number);
  if (heads.length > 0) return unique(heads);

  const { data } = await octokit.rest.checks.listForRef({
    ...repo, ref: target.sha, check_name: target.checkRunName, ...(target.appId === undefined ? {} : { app_id: target.appId }), filter: "all", per_page: 100,
  });
  return unique(data.check_runs.flatMap((run) => pullNumberOfExternalId(run.external_id) ?? []));
}

function unique(numbers: readonly number[]): number[] {
  return [...new Set(numbers)].sort((a, b) => a - b);
}
