import type { ChangedFile } from "./diff/types.js";
import type { PromptMessages } from "./prompt/render-prompt.js";
import type { CheckRunOutput } from "./publish/check-run-output.js";
import type { TokenUsage } from "./publish/review-report.js";

/** The pull request's side of a review, implemented over the GitHub API by an adapter. */
export interface PullRequestHost {
  listFiles(): Promise<ChangedFile[]>;
  startCheckRun(): Promise<number>;
  completeCheckRun(checkRunId: number, output: CheckRunOutput): Promise<void>;
  postReview(review: ReviewToPost): Promise<void>;
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

export interface ReviewCommentToPost {
  readonly path: string;
  readonly line: number;
  readonly side: "RIGHT";
  readonly startLine?: number;
  readonly body: string;
}

export interface ReviewToPost {
  readonly commitId: string;
  readonly body: string;
  readonly comments: readonly ReviewCommentToPost[];
}

/** One request to the model (its retries included) made while answering. */
export interface ModelCall {
  /** `repair`: the follow-up turn that showed the model its unusable answer and asked for a corrected call. */
  readonly purpose: "review" | "repair";
  readonly usage: TokenUsage;
  readonly durationMs: number;
}

/** What the model answered: the raw `submit_review` arguments, not yet validated. */
export interface ModelAnswer {
  readonly args: unknown;
  /** The sum over `calls`. */
  readonly usage: TokenUsage;
  /** Every request made for this answer, in order; left out by a model that does not measure them. */
  readonly calls?: readonly ModelCall[];
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
  /** Rejects with the signal's abort as soon as `signal` aborts, ending the HTTP request. */
  review(messages: PromptMessages, signal?: AbortSignal): Promise<ModelAnswer>;
}

/** The subset of pino's interface the core logs through. */
export interface Logger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
