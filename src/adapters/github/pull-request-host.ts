import type { ProbotOctokit } from "probot";
import type { ChangedFile, FileStatus } from "../../core/diff/types.js";
import type { PullRequestHost, ReviewToPost } from "../../core/ports.js";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface PullRequestTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly checkRunName: string;
}

const FILE_STATUSES: ReadonlySet<string> = new Set<FileStatus>([
  "added", "removed", "modified", "renamed", "copied", "changed", "unchanged",
]);

function isFileStatus(status: string): status is FileStatus {
  return FILE_STATUSES.has(status);
}

function toFileStatus(status: string): FileStatus {
  return isFileStatus(status) ? status : "modified";
}

/** The pull request under review, over GitHub's REST API; every call stays inside this one repository and PR. */
export function createPullRequestHost(octokit: GitHubClient, target: PullRequestTarget): PullRequestHost {
  const repo = { owner: target.owner, repo: target.repo };
  return {
    async listFiles(): Promise<ChangedFile[]> {
      // GitHub serves at most 3,000 files, 100 per page.
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: target.pullNumber, per_page: 100 });
      return files.map((file) => ({
        path: file.filename,
        ...(file.previous_filename !== undefined ? { previousPath: file.previous_filename } : {}),
        status: toFileStatus(file.status),
        ...(file.patch !== undefined ? { patch: file.patch } : {}),
        additions: file.additions,
        deletions: file.deletions,
      }));
    },

    async startCheckRun(): Promise<number> {
      const { data } = await octokit.rest.checks.create({
        ...repo,
        name: target.checkRunName,
        head_sha: target.headSha,
        status: "in_progress",
        started_at: new Date().toISOString(),
        // Fork PRs leave the check run's pull_requests empty; the PR number travels here instead.
        external_id: `pr-${target.pullNumber}`,
        output: { title: "Review in progress", summary: `Reviewing the changes of #${target.pullNumber} at \`${target.headSha.slice(0, 7)}\`.` },
      });
      return data.id;
    },

    async completeCheckRun(checkRunId, output): Promise<void> {
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: checkRunId,
        status: "completed",
        conclusion: output.conclusion,
        completed_at: new Date().toISOString(),
        output: { title: output.title, summary: output.summary },
      });
    },

    async postReview(review: ReviewToPost): Promise<void> {
      await octokit.rest.pulls.createReview({
        ...repo,
        pull_number: target.pullNumber,
        commit_id: review.commitId,
        event: "COMMENT",
        body: review.body,
        comments: review.comments.map((comment) => ({
          path: comment.path,
          line: comment.line,
          side: comment.side,
          ...(comment.startLine !== undefined ? { start_line: comment.startLine, start_side: comment.side } : {}),
          body: comment.body,
        })),
      });
    },
  };
}
