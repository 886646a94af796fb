import type { ChangedFile } from "../../core/diff/types.js";
import type { Comparison } from "../../core/incremental/review-scope.js";
import type { ExistingComment, ExistingReviewComment, PullRequestHost, ReviewCommentToPost } from "../../core/ports.js";
import { AnchorRejectedError } from "../../core/publish/publish-errors.js";
import { SUMMARY_MARKER } from "../../core/publish/render-summary.js";
import { toGitHubComment } from "./comment-anchor.js";
import { httpStatusOf } from "./github-errors.js";
import { createThreadResolver } from "./review-threads.js";
import { isOurAuthor, type GitHubClient, type PullRequestTarget } from "./github-client.js";

type PublishingMethods = Pick<
  PullRequestHost,
  | "reportProgress" | "postReviewComment" | "compareWithHead" | "findSummaryComment" | "writeSummaryComment"
  | "listReviewComments" | "replyToReviewComment" | "resolveReviewThread"
>;

const COMPARE_STATUSES = new Set(["ahead", "behind", "diverged", "identical"]);

function isCompareStatus(status: string): status is Comparison["status"] {
  return COMPARE_STATUSES.has(status);
}

interface FileEntry {
  readonly filename: string;
  readonly status: string;
  readonly patch?: string | undefined;
  readonly previous_filename?: string | undefined;
  readonly additions: number;
  readonly deletions: number;
}

export function toChangedFile(file: FileEntry, toStatus: (status: string) => ChangedFile["status"]): ChangedFile {
  return {
    path: file.filename,
    ...(file.previous_filename !== undefined ? { previousPath: file.previous_filename } : {}),
    status: toStatus(file.status),
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    additions: file.additions,
    deletions: file.deletions,
  };
}

/** A 422 on a review comment means GitHub refused its anchor; the core recovers from that one error only. */
export function asAnchorRejection(error: unknown): unknown {
  if (httpStatusOf(error) !== 422) return error;
  return new AnchorRejectedError(error instanceof Error ? error.message : String(error), { cause: error });
}

/** The publishing side of the pull request: progress, the summary comment, comparisons, threads. */
export function createPublishingMethods(
  octokit: GitHubClient,
  target: PullRequestTarget,
  toStatus: (status: string) => ChangedFile["status"],
): PublishingMethods {
  const repo = { owner: target.owner, repo: target.repo };
  const resolve = createThreadResolver(octokit, target);
  return {
    async reportProgress(checkRunId, text) {
      await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { title: "Review in progress", summary: text } });
    },

    async postReviewComment(commitId: string, comment: ReviewCommentToPost) {
      try {
        await octokit.rest.pulls.createReviewComment({
          ...repo,
          pull_number: target.pullNumber,
          commit_id: commitId,
          ...toGitHubComment(comment),
        });
      } catch (error) {
        throw asAnchorRejection(error);
      }
    },

    async compareWithHead(baseSha) {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseSha}...${target.headSha}` });
        if (!isCompareStatus(data.status)) return undefined;
        return { status: data.status, files: (data.files ?? []).map((file) => toChangedFile(file, toStatus)) };
      } catch (error) {
        if (httpStatusOf(error) === 404) return undefined;
        throw error;
      }
    },

    async findSummaryComment(): Promise<ExistingComment | undefined> {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: target.pullNumber, per_page: 100 });
      // Found by the hidden marker, not by login (the app's slug differs between GitHub and GHE); a human, or
      // another app's bot, quoting the marker is not taken for ours.
      const found = comments.find(
        (comment) =>
          isOurAuthor(comment.user, target) &&
          (target.appId === undefined || (comment.performed_via_github_app?.id ?? target.appId) === target.appId) &&
          (comment.body ?? "").includes(SUMMARY_MARKER),
      );
      return found === undefined ? undefined : { id: found.id, body: found.body ?? "" };
    },

    async writeSummaryComment(existing, body) {
      if (existing === undefined) await octokit.rest.issues.createComment({ ...repo, issue_number: target.pullNumber, body });
      else await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    },

    async listReviewComments(): Promise<ExistingReviewComment[]> {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: target.pullNumber, per_page: 100 });
      return comments.map((comment) => ({
        id: comment.id,
        body: comment.body,
        byBot: isOurAuthor(comment.user, target),
        ...(comment.in_reply_to_id === undefined ? {} : { inReplyTo: comment.in_reply_to_id }),
      }));
    },

    async replyToReviewComment(commentId, body) {
      await octokit.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: target.pullNumber, comment_id: commentId, body });
    },

    resolveReviewThread: resolve,
  };
}
