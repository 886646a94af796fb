import { describeError, ModelError } from "../errors.js";
import { matchFindings, type MatchedPair } from "./match.js";
import type { Counts } from "./metrics.js";
import type { CaseReview, EvalCase, MatchJudge, ReviewCase } from "./types.js";

/** One review of one case, scored. */
export interface CaseRun extends Counts {
  readonly id: string;
  readonly clean: boolean;
  readonly expected: number;
  /** Findings published (TP + FP). */
  readonly comments: number;
  readonly pairs: readonly MatchedPair[];
  /** The counts from the line gate alone, without the judge's say (the same counts when there is no judge). */
  readonly locationOnly: Counts;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly modelCalls: number;
  readonly judgeCalls: number;
  readonly durationMs: number;
  /** The review failed: nothing was published, so every expected issue is missed. */
  readonly error?: string;
  /** Part of the review failed; what the rest found counts. */
  readonly incomplete?: string;
}

export interface CaseRunOptions {
  readonly lineTolerance: number;
  readonly judge?: MatchJudge | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * A review that fails on one case is counted as the App would show it (nothing published) and reported;
 * the evaluation goes on. A key or model the endpoint refuses would fail every case the same way, and an
 * aborted evaluation is over: those end it.
 */
function endsTheEvaluation(error: unknown, signal: AbortSignal | undefined): boolean {
  return (signal?.aborted ?? false) || (error instanceof ModelError && error.isConfigurationError);
}

export async function runCase(evalCase: EvalCase, reviewCase: ReviewCase, options: CaseRunOptions): Promise<CaseRun> {
  const base = { id: evalCase.id, clean: evalCase.expected.length === 0, expected: evalCase.expected.length };
  let review: CaseReview;
  try {
    review = await reviewCase(evalCase, options.signal);
  } catch (error) {
    if (endsTheEvaluation(error, options.signal)) throw error;
    const spent = error instanceof ModelError ? error.calls : [];
    return {
      ...base,
      tp: 0,
      fp: 0,
      fn: evalCase.expected.length,
      comments: 0,
      pairs: [],
      locationOnly: { tp: 0, fp: 0, fn: evalCase.expected.length },
      promptTokens: spent.reduce((sum, call) => sum + call.usage.promptTokens, 0),
      completionTokens: spent.reduce((sum, call) => sum + call.usage.completionTokens, 0),
      modelCalls: spent.length,
      judgeCalls: 0,
      durationMs: spent.reduce((sum, call) => sum + call.durationMs, 0),
      error: describeError(error),
    };
  }
  const matched = await matchFindings(review.findings, evalCase.expected, options);
  const locationOnly =
    options.judge === undefined ? matched : await matchFindings(review.findings, evalCase.expected, { lineTolerance: options.lineTolerance });
  return {
    ...base,
    tp: matched.tp,
    fp: matched.fp,
    fn: matched.fn,
    comments: review.findings.length,
    pairs: matched.pairs,
    locationOnly: { tp: locationOnly.tp, fp: locationOnly.fp, fn: locationOnly.fn },
    promptTokens: review.usage.promptTokens,
    completionTokens: review.usage.completionTokens,
    modelCalls: review.modelCalls,
    judgeCalls: matched.judgeCalls,
    durationMs: review.durationMs,
    ...(review.incomplete === undefined ? {} : { incomplete: review.incomplete }),
  };
}
