import type { RepoConfig } from "./config/repo-config.js";
import type { FileDiff } from "./diff/types.js";
import { selectFiles, type SkippedFile } from "./diff/select-files.js";
import { describeError, ModelError } from "./errors.js";
import { placeFindings } from "./findings/place-findings.js";
import type { Finding } from "./findings/review-tool.js";
import { validateReviewArgs } from "./findings/validate-review.js";
import { estimateTokens } from "./plan/estimate-tokens.js";
import { packChunks, type ReviewChunk } from "./plan/pack-chunks.js";
import type { Logger, PullRequestHost, ReviewModel } from "./ports.js";
import { renderUserMessage, type PullRequestInfo } from "./prompt/render-prompt.js";
import { SYSTEM_PROMPT } from "./prompt/system-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForInterruption, checkRunOutputForReport, type CheckRunConclusion } from "./publish/check-run-output.js";
import { renderInlineComment } from "./publish/render-comment.js";
import { renderReviewBody } from "./publish/render-review-body.js";
import type { FailedPart, ReviewReport, TokenUsage } from "./publish/review-report.js";

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
}

export interface ReviewOutcome {
  readonly conclusion: CheckRunConclusion;
  readonly reviewPosted: boolean;
  readonly findings: number;
  readonly usage: TokenUsage;
}

interface ChunkResults {
  readonly summaries: string[];
  readonly findings: Finding[];
  readonly invalidFindings: string[];
  readonly failedParts: FailedPart[];
  usage: TokenUsage;
}

/** The part of the budget left for the diff once the fixed parts of the prompt are counted. */
function diffBudget(request: ReviewRequest): number {
  const fixed = estimateTokens(SYSTEM_PROMPT) + estimateTokens(renderUserMessage({ ...request, instructions: request.config.instructions, fileSections: [] }));
  return Math.max(1_000, request.promptBudgetTokens - fixed);
}

async function reviewChunks(
  chunks: readonly ReviewChunk[],
  request: ReviewRequest,
  ports: ReviewPorts,
  signal: AbortSignal | undefined,
): Promise<ChunkResults> {
  const results: ChunkResults = { summaries: [], findings: [], invalidFindings: [], failedParts: [], usage: { promptTokens: 0, completionTokens: 0 } };
  for (const [index, chunk] of chunks.entries()) {
    signal?.throwIfAborted();
    const user = renderUserMessage({
      pullRequest: request.pullRequest,
      instructions: request.config.instructions,
      fileSections: chunk.sections,
      part: { index, count: chunks.length },
    });
    try {
      const answer = await ports.model.review({ system: SYSTEM_PROMPT, user }, signal);
      results.usage = {
        promptTokens: results.usage.promptTokens + answer.usage.promptTokens,
        completionTokens: results.usage.completionTokens + answer.usage.completionTokens,
      };
      const validation = validateReviewArgs(answer.args);
      if (!validation.ok) {
        results.failedParts.push({ paths: chunk.paths, error: `the model's answer did not match the review schema (${validation.error})` });
        continue;
      }
      results.summaries.push(validation.review.summary);
      results.findings.push(...validation.review.findings);
      results.invalidFindings.push(...validation.review.dropped.map((d) => `finding ${d.index}: ${d.reason}`));
    } catch (error) {
      // A rejected key or an unknown model fails every part the same way: stop and say so once.
      if (error instanceof ModelError && error.isConfigurationError) throw error;
      if (signal?.aborted) throw error;
      ports.log.warn({ err: error, part: index, paths: chunk.paths.length }, "model call failed for one part of the diff");
      results.failedParts.push({ paths: chunk.paths, error: describeError(error) });
    }
  }
  return results;
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
  };
}

/**
 * The review pipeline: files → selection → chunks under the token budget → model → validated findings →
 * comments on real diff lines → one review and a completed check run. Every failure ends in a check run
 * that says what went wrong. When `signal` aborts (a newer push, a shutdown, the job's deadline) nothing is
 * posted and the check run completes as cancelled or timed out with the signal's reason.
 */
export async function reviewPullRequest(request: ReviewRequest, ports: ReviewPorts, signal?: AbortSignal): Promise<ReviewOutcome> {
  const { host, model, log } = ports;
  const checkRunId = await host.startCheckRun();
  try {
    const files = await host.listFiles();
    const selection = selectFiles(files, request.config.ignore);
    const plan = packChunks(selection.reviewable, diffBudget(request));
    const skipped = [...selection.skipped, ...plan.notReviewed];
    const reviewedPaths = [...new Set(plan.chunks.flatMap((chunk) => chunk.paths))];
    log.info({ files: files.length, reviewable: selection.reviewable.length, parts: plan.chunks.length }, "review planned");

    const results = await reviewChunks(plan.chunks, request, ports, signal);
    if (plan.chunks.length > 0 && results.failedParts.length === plan.chunks.length) {
      throw new Error(results.failedParts[0]?.error ?? "every model call failed");
    }
    const report = buildReport(request, model.name, selection.reviewable, skipped, reviewedPaths, results);
    const { inline, unplaced } = report.placement;
    const worthPosting = inline.length > 0 || unplaced.length > 0 || results.failedParts.length > 0;
    // The last moment a newer push or a shutdown can stop this review: after it, the review is on the PR.
    signal?.throwIfAborted();
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
    log.info({ conclusion: output.conclusion, inline: inline.length, unplaced: unplaced.length, ...results.usage }, "review completed");
    return { conclusion: output.conclusion, reviewPosted: worthPosting, findings: inline.length + unplaced.length, usage: results.usage };
  } catch (error) {
    if (signal?.aborted === true) {
      const output = checkRunOutputForInterruption(signal.reason);
      log.info({ conclusion: output.conclusion, reason: describeError(signal.reason) }, "review interrupted; nothing posted");
      await host.completeCheckRun(checkRunId, output);
      return { conclusion: output.conclusion, reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 } };
    }
    log.error({ err: error }, "review failed");
    await host.completeCheckRun(checkRunId, checkRunOutputForFailure(describeError(error), request.configProblems));
    return { conclusion: "failure", reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 } };
  }
}
