import type { ChangedFile } from "../diff/types.js";
import type { ExistingComment, ThreadResolution } from "../ports.js";
import type { RepositoryRole } from "./access.js";
import type { Actor } from "./actors.js";
import type { ReviewThreadComment } from "./thread.js";

/** A comment a person wrote on a pull request: in its conversation (`issue`) or on its diff (`review`). */
export interface CommentEvent {
  readonly kind: "issue" | "review";
  readonly id: number;
  readonly body: string;
  readonly author: Actor;
  readonly pullNumber: number;
  /** The login of the pull request's author. */
  readonly pullRequestAuthor: string;
  /** A review comment's thread: the id of its first comment. */
  readonly inReplyTo?: number | undefined;
}

/** The pull request as it is now. */
export interface PullRequestNow {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly draft: boolean;
  readonly open: boolean;
  readonly author: string;
}

/** A review comment with where it sits and how people reacted to it. */
export interface ReviewCommentInfo extends ReviewThreadComment {
  readonly author: Actor;
  readonly pullNumber: number;
  readonly path: string;
  readonly side: "LEFT" | "RIGHT";
  /** Undefined when the comment is outdated: its lines changed since. */
  readonly line?: number | undefined;
  readonly startLine?: number | undefined;
  readonly diffHunk: string;
  /** 👍 and 👎 counts from GitHub's reaction summary. */
  readonly reactions: { readonly up: number; readonly down: number };
}

export interface ReactionInfo {
  readonly login: string;
  readonly type: string;
  readonly content: string;
}

/** The acknowledgement reaction on a comment whose command was accepted. */
export type AckReaction = "eyes";

/** The pull request's side of a conversation, implemented over the GitHub API by an adapter. */
export interface ConversationHost {
  pullRequest(): Promise<PullRequestNow>;
  /** The person's role on the repository; undefined when GitHub could not tell (the gate then says no). */
  repositoryRole(login: string): Promise<RepositoryRole | undefined>;
  addReaction(comment: Pick<CommentEvent, "kind" | "id">, content: AckReaction): Promise<void>;
  /** A new comment in the pull request's conversation. */
  postComment(body: string): Promise<void>;
  /** A reply in the review thread that starts with `rootId`. */
  replyInThread(rootId: number, body: string): Promise<void>;
  /** Every review comment of the pull request. */
  listReviewComments(): Promise<ReviewCommentInfo[]>;
  /**
   * The repository's newest review comments (on any pull request), at most one page; `complete` when that page
   * holds every review comment of the repository.
   */
  recentReviewCommentsOfRepository(): Promise<{ readonly comments: ReviewCommentInfo[]; readonly complete: boolean }>;
  /** Who reacted how to a review comment. */
  listReactions(reviewCommentId: number): Promise<ReactionInfo[]>;
  findSummaryComment(): Promise<ExistingComment | undefined>;
  writeSummaryComment(existing: ExistingComment | undefined, body: string): Promise<void>;
  resolveThread(rootId: number): Promise<ThreadResolution>;
  /** A file's text at a commit; undefined when it is missing, binary or too large. */
  readFile(path: string, sha: string): Promise<string | undefined>;
  /** The pull request's files, with their patches. */
  listFiles(): Promise<ChangedFile[]>;
}
