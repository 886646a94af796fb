import type { RepoConfig } from "./config/repo-config.js";
import { selectFiles } from "./diff/select-files.js";
import type { ChangedFile, FileDiff } from "./diff/types.js";
import { describeError, ModelError } from "./errors.js";
import { placeFindings, type PlaceableFinding } from "./findings/place-findings.js";
import { selectFindings } from "./findings/select-findings.js";
import { validateReviewArgs } from "./findings/validate-review.js";
import { closeAddressedThreads } from "./incremental/close-threads.js";
import { nextState } from "./incremental/next-state.js";
import { decodeState, type ReviewState } from "./incremental/review-state.js";
import { comparisonBase, scopeFromComparison, type ReviewScope } from "./incremental/review-scope.js";
import { trackThroughPush, type TrackedAfterPush } from "./incremental/track-findings.js";
import { estimateTokens } from "./plan/estimate-tokens.js";
import { packChunks, type ReviewChunk } from "./plan/pack-chunks.js";
import type { Logger, PullRequestHost, ReviewModel } from "./ports.js";
import { renderUserMessage, type PullRequestInfo } from "./prompt/render-prompt.js";
import { SYSTEM_PROMPT } from "./prompt/system-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForReport, type CheckRunConclusion } from "./publish/check-run-output.js";
import { fingerprintInBody } from "./publish/render-comment.js";
import { publishReview } from "./publish/publish-review.js";
import { renderSummaryComment } from "./publish/render-summary.js";
import type { FailedPart, ReviewReport, TokenUsage } from "./publish/review-report.js";

export interface ReviewRequest {
  readonly pullRequest: PullRequestInfo;
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
  readonly promptBudgetTokens: number;
  /** A re-run: review the whole pull request, not only what changed since the last review. */
  readonly fullReview?: boolean;
}

export interface ReviewPorts {
  readonly host: PullRequestHost;
  readonly model: ReviewModel;
  readonly log: Logger;
  /** Milliseconds, for the review time in the summary; Date.now unless a test fixes it. */
  readonly now?: () => number;
}

export interface ReviewOutcome {
  readonly conclusion: CheckRunConclusion;
  readonly reviewPosted: boolean;
  readonly findings: number;
  readonly usage: TokenUsage;
}

interface ChunkResults {
  readonly summaries: string[];
  readonly findings: PlaceableFinding[];
  readonly invalidFindings: string[];
  readonly failedParts: FailedPart[];
  usage: TokenUsage;
}

/** The part of the budget left for the diff once the fixed parts of the prompt are counted. */
function diffBudget(request: ReviewRequest): number {
  const fixed = estimateTokens(SYSTEM_PROMPT) + estimateTokens(renderUserMessage({ ...request, instructions: request.config.instructions, fileSections: [] }));
  return Math.max(1_000, request.promptBudgetTokens - fixed);
}

async function reportProgress(ports: ReviewPorts, checkRunId: number, text: string): Promise<void> {
  try {
    await ports.host.reportProgress(checkRunId, text);
  } catch (error) {
    ports.log.warn({ err: error }, "could not update the check run's progress");
  }
}

async function reviewChunks(
  chunks: readonly ReviewChunk[],
  request: ReviewRequest,
  ports: ReviewPorts,
  checkRunId: number,
  signal: AbortSignal | undefined,
): Promise<ChunkResults> {
  const results: ChunkResults = { summaries: [], findings: [], invalidFindings: [], failedParts: [], usage: { promptTokens: 0, completionTokens: 0 } };
  const totalFiles = new Set(chunks.flatMap((chunk) => chunk.paths)).size;
  const done = new Set<string>();
  for (const [index, chunk] of chunks.entries()) {
    // One progress update per part, and none for a single-part review: writes stay few.
    if (chunks.length > 1) await reportProgress(ports, checkRunId, `Reviewed ${done.size} of ${totalFiles} files; reviewing part ${index + 1} of ${chunks.length}.`);
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
    } finally {
      for (const path of chunk.paths) done.add(path);
    }
  }
  return results;
}

/** What to review: the whole pull request, or (after a push on top of the last reviewed head) only the push. */
async function decideScope(request: ReviewRequest, host: PullRequestHost, previous: ReviewState | undefined, files: readonly ChangedFile[]): Promise<ReviewScope> {
  const base = comparisonBase({ state: previous, headSha: request.pullRequest.headSha, fullRequested: request.fullReview ?? false, pullRequestFiles: files });
  if ("full" in base) return { kind: "full", reason: base.full };
  if (base.baseSha === request.pullRequest.headSha) return scopeFromComparison(base.baseSha, { status: "identical", files: [] }, files);
  return scopeFromComparison(base.baseSha, await host.compareWithHead(base.baseSha), files);
}

/**
 * The review pipeline: files → what changed since the last review → chunks under the token budget → model →
 * validated findings → placement on real diff lines → noise control and dedupe → one review, the summary
 * comment (with the state for the next push), answers in addressed threads, and a completed check run.
 * Every failure ends in a check run that says what went wrong.
 */
export async function reviewPullRequest(request: ReviewRequest, ports: ReviewPorts, signal?: AbortSignal): Promise<ReviewOutcome> {
  const { host, model, log } = ports;
  const now = ports.now ?? Date.now;
  const startedAt = now();
  const { config } = request;
  const checkRunId = await host.startCheckRun();
  try {
    const [files, summaryComment, reviewComments] = await Promise.all([host.listFiles(), host.findSummaryComment(), host.listReviewComments()]);
    const previous = summaryComment === undefined ? undefined : decodeState(summaryComment.body);
    const scope = await decideScope(request, host, previous, files);
    const pullRequestSelection = selectFiles(files, config.ignore);
    const selection = scope.kind === "full" ? pullRequestSelection : selectFiles(scope.files, config.ignore);
    const plan = packChunks(selection.reviewable, diffBudget(request));
    const skipped = [...selection.skipped, ...plan.notReviewed];
    const reviewedPaths = new Set(plan.chunks.flatMap((chunk) => chunk.paths));
    log.info({ files: files.length, scope: scope.kind, reviewable: selection.reviewable.length, parts: plan.chunks.length }, "review planned");

    const results = await reviewChunks(plan.chunks, request, ports, checkRunId, signal);
    if (plan.chunks.length > 0 && results.failedParts.length === plan.chunks.length) {
      throw new Error(results.failedParts[0]?.error ?? "every model call failed");
    }

    // Anchors are checked against the pull request's own diff (what GitHub validates), even when the model saw
    // only the push; only files the model saw can carry findings.
    const anchorable = new Map<string, FileDiff>(pullRequestSelection.reviewable.filter((f) => reviewedPaths.has(f.path)).map((f) => [f.path, f]));
    const placement = placeFindings(results.findings, anchorable, { allowLeft: scope.kind === "full" });
    const tracked: TrackedAfterPush =
      scope.kind === "incremental" && previous !== undefined ? trackThroughPush(previous.findings, scope.changed, scope.gone) : { open: [], closed: [] };
    const onThePullRequest = new Set(reviewComments.filter((c) => c.byBot).flatMap((c) => fingerprintInBody(c.body) ?? []));
    if (scope.kind === "incremental") for (const finding of tracked.open) onThePullRequest.add(finding.fingerprint);
    const chosen = selectFindings([...placement.inline, ...placement.unplaced], onThePullRequest, {
      severityThreshold: config.severity_threshold,
      maxComments: config.max_comments,
      confidenceThreshold: config.confidence_threshold,
    });
    const publishedNow = new Set([...chosen.comments, ...chosen.inBody, ...chosen.summaryOnly.map((s) => s.placed)].map((p) => p.fingerprint));

    const report: ReviewReport = {
      headSha: request.pullRequest.headSha,
      modelName: model.name,
      scope: scope.kind === "full" ? { kind: "full", reason: scope.reason } : { kind: "incremental", baseSha: scope.baseSha },
      summaries: results.summaries,
      selection: chosen,
      dropped: placement.dropped,
      filesReviewed: [...reviewedPaths],
      skipped,
      failedParts: results.failedParts,
      invalidFindings: results.invalidFindings,
      configProblems: request.configProblems,
      usage: results.usage,
      durationMs: now() - startedAt,
      stillOpen: tracked.open.filter((f) => !publishedNow.has(f.fingerprint)),
      closed: tracked.closed,
      failOn: config.fail_on,
    };

    const published = await publishReview(host, log, report);
    await host.writeSummaryComment(summaryComment, renderSummaryComment(report, nextState(report)));
    await closeAddressedThreads(host, log, tracked.closed, reviewComments, report.headSha);
    const output = checkRunOutputForReport(report);
    await host.completeCheckRun(checkRunId, output);
    log.info(
      {
        conclusion: output.conclusion,
        scope: scope.kind,
        inline: chosen.comments.length,
        inBody: chosen.inBody.length,
        summaryOnly: chosen.summaryOnly.length,
        repeats: chosen.alreadyReported.length,
        dropped: placement.dropped.length,
        closed: tracked.closed.length,
        ...results.usage,
      },
      "review completed",
    );
    return { conclusion: output.conclusion, reviewPosted: published.posted, findings: publishedNow.size, usage: results.usage };
  } catch (error) {
    log.error({ err: error }, "review failed");
    await host.completeCheckRun(checkRunId, checkRunOutputForFailure(describeError(error), request.configProblems));
    return { conclusion: "failure", reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 } };
  }
}
