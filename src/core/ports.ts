import type { ChangedFile, DiffSide } from "./diff/types.js";
import type { Comparison } from "./incremental/review-scope.js";
import type { PromptMessages } from "./prompt/render-prompt.js";
import type { CheckRunOutput } from "./publish/check-run-output.js";
import type { TokenUsage } from "./publish/review-report.js";

/** The pull request's side of a review, implemented over the GitHub API by an adapter. */
export interface PullRequestHost {
  listFiles(): Promise<ChangedFile[]>;
  startCheckRun(): Promise<number>;
  completeCheckRun(checkRunId: number, output: CheckRunOutput): Promise<void>;
  /** @throws AnchorRejectedError when GitHub refuses a comment's anchor (422): the whole review is refused. */
  postReview(review: ReviewToPost): Promise<void>;

  /** Progress text on the running check run. */
  reportProgress(checkRunId: number, text: string): Promise<void>;
  /** One review comment on its own: the safety net when a review was refused. @throws AnchorRejectedError */
  postReviewComment(commitId: string, comment: ReviewCommentToPost): Promise<void>;
  /** `GET /compare/{base}...{head}`; undefined when GitHub no longer knows `baseSha` (404). */
  compareWithHead(baseSha: string): Promise<Comparison | undefined>;
  /** The pull request's summary comment: an issue comment by a bot that carries the summary marker. */
  findSummaryComment(): Promise<ExistingComment | undefined>;
  /** Updates the summary comment in place, or creates it when there is none yet. */
  writeSummaryComment(existing: ExistingComment | undefined, body: string): Promise<void>;
  /** Every review comment on the pull request (ours and others'); the core picks its own by marker. */
  listReviewComments(): Promise<ExistingReviewComment[]>;
  replyToReviewComment(commentId: number, body: string): Promise<void>;
  /** Resolves the thread a review comment starts (GraphQL `resolveReviewThread`). */
  resolveReviewThread(commentId: number): Promise<ThreadResolution>;
}

export type ThreadResolution = "resolved" | "already-resolved" | "not-found" | "not-permitted";

export interface ExistingComment {
  readonly id: number;
  readonly body: string;
}

export interface ExistingReviewComment extends ExistingComment {
  readonly inReplyTo?: number;
  /** Written by a bot account (GitHub App); a human's comment is never touched. */
  readonly byBot: boolean;
}

export interface ReviewCommentToPost {
  readonly path: string;
  readonly line: number;
  readonly side: DiffSide;
  /** Same side as `line`, in the same hunk, before it. */
  readonly startLine?: number;
  readonly body: string;
}

export interface ReviewToPost {
  readonly commitId: string;
  readonly body: string;
  readonly comments: readonly ReviewCommentToPost[];
}

/** What the model answered: the raw `submit_review` arguments, not yet validated. */
export interface ModelAnswer {
  readonly args: unknown;
  readonly usage: TokenUsage;
}

export interface ReviewModel {
  readonly name: string;
  review(messages: PromptMessages, signal?: AbortSignal): Promise<ModelAnswer>;
}

/** The subset of pino's interface the core logs through. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
