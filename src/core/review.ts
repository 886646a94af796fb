import type { RepoConfig } from "./config/repo-config.js";
import type { FileDiff } from "./diff/types.js";
import type { SkippedFile } from "./diff/select-files.js";
import { describeError } from "./errors.js";
import { placeFindings } from "./findings/place-findings.js";
import type { CountTokens } from "./plan/count-tokens.js";
import { estimateTokens } from "./plan/estimate-tokens.js";
import { planReview, type PlannedChunk } from "./plan/plan-review.js";
import type { Logger, PullRequestHost, ReviewModel } from "./ports.js";
import { renderUserMessage, type PullRequestInfo } from "./prompt/render-prompt.js";
import { SYSTEM_PROMPT, SYSTEM_PROMPT_VERSION } from "./prompt/system-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForReport, type CheckRunConclusion } from "./publish/check-run-output.js";
import { renderInlineComment } from "./publish/render-comment.js";
import { renderReviewBody } from "./publish/render-review-body.js";
import type { ModelTime, ReviewReport, TokenUsage } from "./publish/review-report.js";
import { reviewParts, type PartsResult } from "./review-parts.js";

export interface ReviewRequest {
  readonly pullRequest: PullRequestInfo;
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
  readonly promptBudgetTokens: number;
}

export interface ReviewPorts {
  readonly host: PullRequestHost;
  readonly model: ReviewModel;
  readonly log: Logger;
  /** The model's tokenizer; the fast estimate when it is not given. */
  readonly countTokens?: CountTokens;
}

export interface ReviewOutcome {
  readonly conclusion: CheckRunConclusion;
  readonly reviewPosted: boolean;
  readonly findings: number;
  readonly usage: TokenUsage;
  readonly modelTime: ModelTime;
}

type ChunkResults = PartsResult;

async function reviewChunks(
  chunks: readonly PlannedChunk[],
  request: ReviewRequest,
  ports: ReviewPorts,
  signal: AbortSignal | undefined,
): Promise<ChunkResults> {
  const parts = chunks.map((chunk, index) => ({
    paths: chunk.paths,
    messages: {
      system: SYSTEM_PROMPT,
      user: renderUserMessage({
        pullRequest: request.pullRequest,
        instructions: chunk.instructions,
        fileSections: chunk.sections,
        part: { index, count: chunks.length },
      }),
    },
  }));
  return reviewParts(parts, ports, signal);
}

function buildReport(
  request: ReviewRequest,
  modelName: string,
  reviewable: readonly FileDiff[],
  skipped: readonly SkippedFile[],
  reviewedPaths: readonly string[],
  results: ChunkResults,
): ReviewReport {
  const byPath = new Map(reviewable.map((file) => [file.path, file]));
  return {
    headSha: request.pullRequest.headSha,
    modelName,
    summaries: results.summaries,
    placement: placeFindings(results.findings, byPath),
    filesReviewed: reviewedPaths,
    skipped,
    failedParts: results.failedParts,
    invalidFindings: results.invalidFindings,
    configProblems: request.configProblems,
    usage: results.usage,
    modelTime: results.modelTime,
  };
}

/**
 * The review pipeline: files → selection → chunks under the token budget → model → validated findings →
 * comments on real diff lines → one review and a completed check run. Every failure ends in a check run
 * that says what went wrong.
 */
export async function reviewPullRequest(request: ReviewRequest, ports: ReviewPorts, signal?: AbortSignal): Promise<ReviewOutcome> {
  const { host, model, log } = ports;
  const checkRunId = await host.startCheckRun();
  try {
    const files = await host.listFiles();
    const plan = await planReview(
      { files, pullRequest: request.pullRequest, config: request.config, promptBudgetTokens: request.promptBudgetTokens },
      { host, log, countTokens: ports.countTokens ?? estimateTokens },
    );
    const reviewedPaths = [...new Set(plan.chunks.flatMap((chunk) => chunk.paths))];

    const results = await reviewChunks(plan.chunks, request, ports, signal);
    if (plan.chunks.length > 0 && results.failedParts.length === plan.chunks.length) {
      throw new Error(results.failedParts[0]?.error ?? "every model call failed");
    }
    const report = buildReport(request, model.name, plan.reviewable, plan.notReviewed, reviewedPaths, results);
    const { inline, unplaced } = report.placement;
    // Files left out by a limit are listed in the review even when nothing was found: never a silent half-review.
    const worthPosting = inline.length > 0 || unplaced.length > 0 || results.failedParts.length > 0 || plan.cutByLimits > 0;
    if (worthPosting) {
      await host.postReview({
        commitId: request.pullRequest.headSha,
        body: renderReviewBody(report),
        comments: inline.map((comment) => ({
          path: comment.path,
          line: comment.line,
          side: comment.side,
          ...(comment.startLine !== undefined ? { startLine: comment.startLine } : {}),
          body: renderInlineComment(comment),
        })),
      });
    }
    const output = checkRunOutputForReport(report);
    await host.completeCheckRun(checkRunId, output);
    log.info({ conclusion: output.conclusion, inline: inline.length, unplaced: unplaced.length, promptVersion: SYSTEM_PROMPT_VERSION, ...results.usage, modelCalls: results.modelTime.calls, modelMs: Math.round(results.modelTime.durationMs) }, "review completed");
    return { conclusion: output.conclusion, reviewPosted: worthPosting, findings: inline.length + unplaced.length, usage: results.usage, modelTime: results.modelTime };
  } catch (error) {
    log.error({ err: error }, "review failed");
    await host.completeCheckRun(checkRunId, checkRunOutputForFailure(describeError(error), request.configProblems));
    return { conclusion: "failure", reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 }, modelTime: { calls: 0, durationMs: 0 } };
  }
}
