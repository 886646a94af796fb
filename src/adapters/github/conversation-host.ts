import { roleFromPermissionAnswer, type RepositoryRole } from "../../core/conversation/access.js";
import type { Actor } from "../../core/conversation/actors.js";
import type { ConversationHost, PullRequestNow, ReactionInfo, ReviewCommentInfo } from "../../core/conversation/host.js";
import type { Logger } from "../../core/ports.js";
import type { GitHubClient, PullRequestTarget } from "./github-client.js";
import { httpStatusOf } from "./github-errors.js";
import { createPullRequestHost } from "./pull-request-host.js";

export type ConversationTarget = Pick<PullRequestTarget, "owner" | "repo" | "pullNumber" | "checkRunName" | "appId" | "author">;

interface UserLike {
  readonly login: string;
  readonly id: number;
  readonly type?: string | undefined;
}

function actorOf(user: UserLike | null | undefined): Actor {
  return user === null || user === undefined ? { login: "ghost", id: 0, type: "User" } : { login: user.login, id: user.id, type: user.type ?? "User" };
}

interface ReviewCommentLike {
  readonly id: number;
  readonly user: UserLike | null;
  readonly body: string;
  readonly in_reply_to_id?: number | undefined;
  readonly pull_request_url: string;
  readonly path: string;
  readonly side?: "LEFT" | "RIGHT" | undefined;
  readonly line?: number | null | undefined;
  readonly start_line?: number | null | undefined;
  readonly diff_hunk: string;
  readonly reactions?: { readonly "+1": number; readonly "-1": number } | undefined;
}

function pullNumberOfUrl(url: string): number {
  const match = /\/pulls\/(\d+)$/.exec(url);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export function toReviewCommentInfo(comment: ReviewCommentLike): ReviewCommentInfo {
  return {
    id: comment.id,
    author: actorOf(comment.user),
    body: comment.body,
    inReplyTo: comment.in_reply_to_id ?? undefined,
    pullNumber: pullNumberOfUrl(comment.pull_request_url),
    path: comment.path,
    side: comment.side ?? "RIGHT",
    line: comment.line ?? undefined,
    startLine: comment.start_line ?? undefined,
    diffHunk: comment.diff_hunk,
    reactions: { up: comment.reactions?.["+1"] ?? 0, down: comment.reactions?.["-1"] ?? 0 },
  };
}

/** How many of the repository's newest review comments are looked at for reactions before a review. */
const RECENT_COMMENTS = 100;

/**
 * The conversation side of a pull request over GitHub's REST API: reading people's permission, reacting,
 * replying in the conversation or in a review thread, and the summary comment and threads shared with reviews.
 * Everything stays inside this repository and pull request.
 */
export function createConversationHost(octokit: GitHubClient, target: ConversationTarget, log: Logger): ConversationHost {
  const repo = { owner: target.owner, repo: target.repo };
  let pull: PullRequestNow | undefined;
  // The review host's summary, thread and file methods; one instance, so threads are listed once per job.
  const shared = createPullRequestHost(octokit, { ...target, headSha: "" });

  const pullRequest = async (): Promise<PullRequestNow> => {
    if (pull !== undefined) return pull;
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: target.pullNumber });
    pull = {
      number: data.number,
      title: data.title,
      body: data.body ?? "",
      headSha: data.head.sha,
      baseSha: data.base.sha,
      draft: data.draft ?? false,
      open: data.state === "open",
      author: data.user.login,
    };
    return pull;
  };

  return {
    pullRequest,

    async repositoryRole(login): Promise<RepositoryRole | undefined> {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
        return roleFromPermissionAnswer({ permission: data.permission, role_name: data.role_name });
      } catch (error) {
        // Denied, not thrown: a person GitHub cannot vouch for must not spend tokens (404: not a collaborator).
        log.warn({ login, status: httpStatusOf(error) ?? null, err: error }, "could not read a person's permission on the repository; treating it as none");
        return undefined;
      }
    },

    async addReaction(comment, content) {
      if (comment.kind === "issue") await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content });
      else await octokit.rest.reactions.createForPullRequestReviewComment({ ...repo, comment_id: comment.id, content });
    },

    async postComment(body) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: target.pullNumber, body });
    },

    async replyInThread(rootId, body) {
      await octokit.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: target.pullNumber, comment_id: rootId, body });
    },

    async listReviewComments() {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: target.pullNumber, per_page: 100 });
      return comments.map(toReviewCommentInfo);
    },

    async recentReviewCommentsOfRepository() {
      const { data } = await octokit.rest.pulls.listReviewCommentsForRepo({ ...repo, sort: "created", direction: "desc", per_page: RECENT_COMMENTS });
      return { comments: data.map(toReviewCommentInfo), complete: data.length < RECENT_COMMENTS };
    },

    async listReactions(reviewCommentId): Promise<ReactionInfo[]> {
      const reactions = await octokit.paginate(octokit.rest.reactions.listForPullRequestReviewComment, { ...repo, comment_id: reviewCommentId, per_page: 100 });
      return reactions.map((reaction) => ({ login: reaction.user?.login ?? "ghost", type: reaction.user?.type ?? "User", content: reaction.content }));
    },

    async findSummaryComment() {
      return shared.findSummaryComment();
    },

    async writeSummaryComment(existing, body) {
      await shared.writeSummaryComment(existing, body);
    },

    async resolveThread(rootId) {
      return shared.resolveReviewThread(rootId);
    },

    async readFile(path, sha) {
      const { texts } = await createPullRequestHost(octokit, { ...target, headSha: sha }).readFiles([path], "head");
      return texts.get(path);
    },

    async listFiles() {
      return shared.listFiles();
    },
  };
}
