import type { ModelTools, ServedToolCall } from "./agent/model-tools.js";
import type { ChangedFile, DiffSide } from "./diff/types.js";
import type { Comparison } from "./incremental/review-scope.js";
import type { PromptMessages } from "./prompt/render-prompt.js";
import type { CheckRunOutput } from "./publish/check-run-output.js";
import type { ModelCall } from "./model-call.js";
import type { TokenUsage } from "./publish/review-report.js";

export type { ModelCall } from "./model-call.js";
export type { ModelTools, ServedToolCall, ToolReply, ToolRequest } from "./agent/model-tools.js";

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
  /**
   * The text of files of this repository: at the reviewed head commit (surrounding code for the diff) or on
   * the default branch (guidance such as AGENTS.md, which a pull request must not be able to rewrite).
   * Reads in parallel with a bound; a file that is missing, binary or too large is reported, not thrown.
   */
  readFiles(paths: readonly string[], revision: FileRevision): Promise<FileContents>;
}

export type FileRevision = "head" | "default-branch";

export interface UnreadableFile {
  readonly path: string;
  /** Why the text is not there, e.g. "not found", "binary", "larger than 1048576 bytes", or the API error. */
  readonly reason: string;
  /** The file does not exist at that revision: expected for optional files such as AGENTS.md. */
  readonly missing: boolean;
}

export interface FileContents {
  /** path → text */
  readonly texts: ReadonlyMap<string, string>;
  readonly unreadable: readonly UnreadableFile[];
}

/**
 * The repository at the reviewed head commit, for the model's tools (`read_file`, `search_code`, `list_files`)
 * and the engine's own searches. Implemented by an adapter that downloads the commit once; nothing of the
 * repository is ever run. Paths are relative to the repository root, with `/` separators.
 */
export interface RepositorySnapshot {
  /** Every file at the head, sorted by code unit order, and whether that is the whole tree. */
  listFiles(): Promise<SnapshotListing>;
  /**
   * One file's text. `search`: the caller scans many files in a row, so a snapshot that would have to fetch
   * each one may decline (`unavailable`) rather than spend a request per file. Failures are values, not throws;
   * a snapshot that cannot be loaded at all rejects.
   */
  readFile(path: string, purpose?: SnapshotReadPurpose): Promise<SnapshotFile>;
}

export type SnapshotReadPurpose = "read" | "search";

export interface SnapshotListing {
  readonly paths: readonly string[];
  /** Why the listing is not the whole tree (e.g. GitHub truncated it); absent when it is. */
  readonly incomplete?: string;
}

export type SnapshotFile =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "missing" }
  | { readonly kind: "binary" }
  | { readonly kind: "too-large"; readonly bytes: number; readonly limit: number }
  /** The file exists but its text cannot be had now, e.g. the snapshot's size cap or request budget. */
  | { readonly kind: "unavailable"; readonly reason: string };

export type ThreadResolution = "resolved" | "already-resolved" | "not-found" | "not-permitted";

export interface ExistingComment {
  readonly id: number;
  readonly body: string;
}

export interface ExistingReviewComment extends ExistingComment {
  readonly inReplyTo?: number;
  /** Written by our account (the app's bot, or a personal token's user in the Action); anyone else's is never touched. */
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
  /** The sum over `calls`. */
  readonly usage: TokenUsage;
  /** Every request made for this answer, in order; left out by a model that does not measure them. */
  readonly calls?: readonly ModelCall[];
  /** Why problems the answer still has were not corrected (its repair turn failed or was cut short); its valid findings stand. */
  readonly unrepaired?: string;
  /**
   * Why the answer stayed incomplete: it was cut off and the rest could not be had (the continuation failed, was
   * cut off again, or did not fit the prompt budget). Its complete findings stand; findings after the cut are missing.
   */
  readonly incomplete?: string;
  /** The repository tool calls answered on the way, in order; absent when no tools were offered. */
  readonly toolCalls?: readonly ServedToolCall[];
  /** Why tool use was given up and the answer made without tools (the server failed a turn carrying tool results). */
  readonly toolsAbandoned?: string;
}

/** How the calls of one review may be spread: parallel calls at most, and a deadline for all of them. */
export interface ModelCallLimits {
  readonly concurrency: number;
  readonly reviewTimeoutMs: number;
}

export interface ReviewModel {
  readonly name: string;
  /** Without limits, a review's calls run one at a time with no deadline of their own. */
  readonly callLimits?: ModelCallLimits;
  /**
   * Rejects with the signal's abort as soon as `signal` aborts, ending the HTTP request. With `tools`, the model
   * may call them (within their bounds) before it calls `submit_review`.
   */
  review(messages: PromptMessages, signal?: AbortSignal, tools?: ModelTools): Promise<ModelAnswer>;
}

/** The subset of pino's interface the core logs through. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** A plain-text answer of the model (no tool): for replies in review threads and `/ask`. */
export interface ChatAnswer {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly durationMs: number;
}

export interface ChatModel {
  readonly name: string;
  /** Rejects with a ModelError (or the signal's abort); an empty answer is a `bad_output` error. */
  answer(messages: PromptMessages, signal?: AbortSignal): Promise<ChatAnswer>;
}
