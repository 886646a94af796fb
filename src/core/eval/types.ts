import type { ChangedFile, DiffSide } from "../diff/types.js";
import type { Severity } from "../findings/review-tool.js";
import type { TokenUsage } from "../publish/review-report.js";
import type { ExpectedIssue } from "./case-file.js";

/**
 * A finding as the App would publish it (after the severity and confidence thresholds, before `max_comments`),
 * with the model's field names. `start_line` to `line` is the range it is about, numbered in the new file.
 */
export interface EvalFinding {
  readonly path: string;
  readonly line: number;
  readonly start_line?: number | undefined;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
  /** LEFT: the lines are old-file numbers of deleted lines, which no expected issue (new-file lines) can match. */
  readonly side?: DiffSide | undefined;
}

/** One labelled change of the dataset, ready for review. */
export interface EvalCase {
  readonly id: string;
  /** The case folder, for messages. */
  readonly dir: string;
  readonly description?: string;
  /** Given to the reviewer as the repo config's `instructions`. */
  readonly instructions?: string;
  /** An empty list marks a clean case: any finding is a false alarm. */
  readonly expected: readonly ExpectedIssue[];
  /** The change as the pull-request files endpoint would list it, patches included. */
  readonly files: readonly ChangedFile[];
  /** git's unified diff of the whole change, file headers included. */
  readonly diff: string;
  /** Text files before the change (path → text); binary files are left out. */
  readonly before: ReadonlyMap<string, string>;
  /** Text files after the change: the repository at the head under review. */
  readonly after: ReadonlyMap<string, string>;
}

/** What one review of one case gave: the findings the App would publish, and what it cost. */
export interface CaseReview {
  readonly findings: readonly EvalFinding[];
  readonly usage: TokenUsage;
  readonly modelCalls: number;
  readonly durationMs: number;
  /**
   * Why the review is not whole, when part of it failed (e.g. one of several model calls) and the App would
   * have published the rest: its findings count, and the report lists it.
   */
  readonly incomplete?: string | undefined;
}

/** Reviews one case with the engine the App runs; rejects when the review failed as a whole. */
export type ReviewCase = (evalCase: EvalCase, signal?: AbortSignal) => Promise<CaseReview>;

/** Another model's opinion on whether a finding describes an expected issue (`--judge-model`). */
export interface MatchJudge {
  /** Names the judge in the report, e.g. the model id. */
  readonly name: string;
  judge(finding: EvalFinding, expected: ExpectedIssue, signal?: AbortSignal): Promise<boolean>;
}
