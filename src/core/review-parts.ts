import pLimit from "p-limit";
import { callsSpentBefore, describeError, ModelError } from "./errors.js";
import type { Finding } from "./findings/review-tool.js";
import { validateReviewArgs } from "./findings/validate-review.js";
import type { Logger, ModelAnswer, ModelCall, ModelTools, ReviewModel, ServedToolCall } from "./ports.js";
import type { PromptMessages } from "./prompt/render-prompt.js";
import type { FailedPart, IncompletePart, ModelTime, TokenUsage } from "./publish/review-report.js";

/** One model call's worth of the diff: the files it covers and the prompt that shows them. */
export interface ReviewPart {
  readonly paths: readonly string[];
  readonly messages: PromptMessages;
}

/** What the model made of all parts, merged in the parts' order whatever order they finished in. */
export interface PartsResult {
  /** The repository tool calls answered, over all parts, in the parts' order. */
  readonly toolCalls: readonly ServedToolCall[];
  readonly summaries: readonly string[];
  readonly findings: readonly Finding[];
  readonly invalidFindings: readonly string[];
  readonly failedParts: readonly FailedPart[];
  readonly incompleteParts: readonly IncompletePart[];
  readonly usage: TokenUsage;
  readonly modelTime: ModelTime;
}

type PartOutcome =
  | {
      readonly kind: "reviewed";
      readonly summary: string;
      readonly findings: readonly Finding[];
      readonly invalid: readonly string[];
      readonly incomplete?: string;
      readonly calls: readonly ModelCall[];
      readonly toolCalls: readonly ServedToolCall[];
    }
  | { readonly kind: "failed"; readonly error: string; readonly calls: readonly ModelCall[]; readonly timedOut?: boolean };

const MAX_LOGGED_MENDS = 20;

/** A model that does not report its calls still made one; its time is unknown. */
function callsOf(answer: ModelAnswer): readonly ModelCall[] {
  return answer.calls ?? [{ purpose: "review", usage: answer.usage, durationMs: 0 }];
}

function timeLimit(timeoutMs: number): string {
  const limit = timeoutMs < 10_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
  return `the review's time limit (REVIEW_TIMEOUT_MS, ${limit})`;
}

function deadlineMessage(timeoutMs: number, calls: readonly ModelCall[]): string {
  // Calls already answered: the first answer was unusable and the deadline cut its repair turn short.
  const when = calls.length > 0 ? "during the repair turn of an unusable answer, and this part was not reviewed" : "before this part was reviewed";
  return `${timeLimit(timeoutMs)} ran out ${when}`;
}

/**
 * Why a follow-up turn did not happen in full (the findings that broke the schema stayed dropped, or a cut-off
 * answer stayed incomplete), naming the review's deadline when that is what cut it short.
 */
function followUpReason(reason: string | undefined, deadlinePassed: boolean, timeoutMs: number | undefined): string | undefined {
  if (reason === undefined) return undefined;
  if (deadlinePassed && timeoutMs !== undefined) return `${reason}: ${timeLimit(timeoutMs)} ran out`;
  return reason;
}

function merge(outcomes: readonly PartOutcome[], parts: readonly ReviewPart[]): PartsResult {
  const summaries: string[] = [];
  const findings: Finding[] = [];
  const invalidFindings: string[] = [];
  const failedParts: FailedPart[] = [];
  const incompleteParts: IncompletePart[] = [];
  const calls = outcomes.flatMap((outcome) => outcome.calls);
  const toolCalls = outcomes.flatMap((outcome) => (outcome.kind === "reviewed" ? outcome.toolCalls : []));
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === "failed") {
      failedParts.push({ paths: parts[index]?.paths ?? [], error: outcome.error, ...(outcome.timedOut === true ? { timedOut: true } : {}) });
      return;
    }
    summaries.push(outcome.summary);
    findings.push(...outcome.findings);
    invalidFindings.push(...outcome.invalid);
    if (outcome.incomplete !== undefined) incompleteParts.push({ paths: parts[index]?.paths ?? [], reason: outcome.incomplete });
  });
  return {
    toolCalls,
    summaries,
    findings,
    invalidFindings,
    failedParts,
    incompleteParts,
    usage: {
      promptTokens: calls.reduce((sum, call) => sum + call.usage.promptTokens, 0),
      completionTokens: calls.reduce((sum, call) => sum + call.usage.completionTokens, 0),
    },
    modelTime: { calls: calls.length, durationMs: calls.reduce((sum, call) => sum + call.durationMs, 0) },
  };
}

export interface PartsOptions {
  /** Tools the model may call before it submits each part's review. */
  readonly tools?: ModelTools | undefined;
  /** The review's deadline when the caller keeps it for later calls too; else one starts now (the model's `callLimits`). */
  readonly deadline?: AbortSignal | undefined;
}

/**
 * Reviews the parts of one pull request, several at a time (the model's `callLimits`), under one deadline
 * for all of them. A part that fails, or that the deadline cuts off, becomes a failed part and the others
 * keep their results; a configuration error (bad key, unknown model) stops every call and is thrown, since
 * every part would fail the same way; so is the abort of `signal`, which cancels the whole review.
 */
export async function reviewParts(
  parts: readonly ReviewPart[],
  ports: { readonly model: ReviewModel; readonly log: Logger },
  signal?: AbortSignal,
  /** Told when a part is done (reviewed or failed), e.g. to show progress; its failures are the caller's to log. */
  onPartDone?: (index: number) => Promise<void>,
  options: PartsOptions = {},
): Promise<PartsResult> {
  const { model, log } = ports;
  const limits = model.callLimits;
  const stop = new AbortController();
  const deadline = options.deadline ?? (limits !== undefined ? AbortSignal.timeout(limits.reviewTimeoutMs) : undefined);
  const callSignal = AbortSignal.any([stop.signal, ...(signal ? [signal] : []), ...(deadline ? [deadline] : [])]);
  const limit = pLimit(limits?.concurrency ?? 1);

  const reviewPart = async (part: ReviewPart, index: number): Promise<PartOutcome> => {
    if (signal?.aborted) throw signal.reason;
    if (deadline?.aborted && limits !== undefined) return { kind: "failed", error: deadlineMessage(limits.reviewTimeoutMs, []), calls: [], timedOut: true };
    if (stop.signal.aborted) return { kind: "failed", error: describeError(stop.signal.reason), calls: [] };
    try {
      const answer = await model.review(part.messages, callSignal, options.tools);
      const calls = callsOf(answer);
      const toolCalls = answer.toolCalls ?? [];
      log.info(
        {
          part: index,
          paths: part.paths.length,
          calls: calls.map((c) => ({ purpose: c.purpose, ...c.usage, durationMs: Math.round(c.durationMs) })),
          ...(answer.toolCalls === undefined ? {} : { toolCalls: toolCalls.map((c) => `${c.tool}:${c.outcome}`) }),
        },
        "model answered for one part of the diff",
      );
      if (answer.toolsAbandoned !== undefined) log.warn({ part: index, reason: answer.toolsAbandoned }, "tool use given up for one part of the diff");
      const validation = validateReviewArgs(answer.args);
      if (!validation.ok) {
        return { kind: "failed", error: `the model's answer did not match the review schema (${validation.error})`, calls };
      }
      const { mended } = validation.review;
      // Mended defects are cosmetic (a long title, a severity's spelling): worth a log line, not a word to the user.
      if (mended.length > 0) log.info({ part: index, mended: mended.slice(0, MAX_LOGGED_MENDS), mendedFindings: mended.length }, "mended cosmetic defects of the model's findings");
      const deadlinePassed = deadline?.aborted ?? false;
      const unrepaired = followUpReason(answer.unrepaired, deadlinePassed, limits?.reviewTimeoutMs);
      if (unrepaired !== undefined) log.warn({ part: index, paths: part.paths.length, dropped: validation.review.dropped.length, unrepaired }, "kept the valid findings of an answer that was not repaired");
      const incomplete = followUpReason(answer.incomplete, deadlinePassed, limits?.reviewTimeoutMs);
      if (incomplete !== undefined) log.warn({ part: index, paths: part.paths.length, kept: validation.review.findings.length, incomplete }, "kept the complete findings of an answer that stayed incomplete");
      return {
        kind: "reviewed",
        summary: validation.review.summary,
        findings: validation.review.findings,
        invalid: validation.review.dropped.map((d) => `finding ${d.index}: ${d.reason}${unrepaired === undefined ? "" : ` (not corrected: ${unrepaired})`}`),
        ...(incomplete === undefined ? {} : { incomplete }),
        calls,
        toolCalls,
      };
    } catch (error) {
      const calls = callsSpentBefore(error);
      if (error instanceof ModelError && error.isConfigurationError) {
        stop.abort(error);
        throw error;
      }
      if (signal?.aborted) throw error;
      if (deadline?.aborted && limits !== undefined) {
        log.warn({ part: index, paths: part.paths.length, answeredCalls: calls.length }, "review time limit ran out during a model call");
        return { kind: "failed", error: deadlineMessage(limits.reviewTimeoutMs, calls), calls, timedOut: true };
      }
      if (stop.signal.aborted) return { kind: "failed", error: describeError(stop.signal.reason), calls };
      log.warn({ err: error, part: index, paths: part.paths.length, answeredCalls: calls.length }, "model call failed for one part of the diff");
      return { kind: "failed", error: describeError(error), calls };
    }
  };

  try {
    const outcomes = await Promise.all(
      parts.map((part, index) =>
        limit(async () => {
          const outcome = await reviewPart(part, index);
          await onPartDone?.(index);
          return outcome;
        }),
      ),
    );
    return merge(outcomes, parts);
  } finally {
    limit.clearQueue();
    // Ends whatever is still in flight when one part's error ended the review early.
    if (!stop.signal.aborted) stop.abort(new Error("the review is over"));
  }
}
