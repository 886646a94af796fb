import { externalIdFor } from "./check-run-external-id.js";
import type { CheckRunOutput } from "../../core/publish/check-run-output.js";
import type { GitHubClient, PullRequestTarget } from "./github-client.js";

export type CheckRunTarget = Pick<PullRequestTarget, "owner" | "repo" | "pullNumber" | "headSha" | "checkRunName">;

/**
 * A check run created already completed: for a review that never started (queue full, shutdown) or failed
 * before it could start, so the PR shows why instead of nothing.
 */
export async function createCompletedCheckRun(
  octokit: GitHubClient,
  target: CheckRunTarget,
  output: CheckRunOutput,
  externalId: string = externalIdFor(target.pullNumber),
): Promise<number> {
  const now = new Date().toISOString();
  const { data } = await octokit.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: target.checkRunName,
    head_sha: target.headSha,
    status: "completed",
    conclusion: output.conclusion,
    started_at: now,
    completed_at: now,
    external_id: externalId,
    output: { title: output.title, summary: output.summary },
  });
  return data.id;
}

/** The PR's current head and details, for jobs that did not carry them (GitHub's Re-run button). */
export async function fetchPullRequest(octokit: GitHubClient, owner: string, repo: string, pullNumber: number) {
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
  return {
    open: data.state === "open",
    title: data.title,
    body: data.body ?? "",
    headSha: data.head.sha,
    baseSha: data.base.sha,
    draft: data.draft ?? false,
  };
}
