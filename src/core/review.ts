import { DEFAULT_AGENT_SETTINGS, type AgentSettings } from "./agent/model-tools.js";
import { reviewAgent, toolUseOf, verificationReserve, type ReviewAgent } from "./agent/review-agent.js";
import type { RepoConfig } from "./config/repo-config.js";
import { selectFiles } from "./diff/select-files.js";
import type { ChangedFile, FileDiff } from "./diff/types.js";
import { describeError, ReviewInterrupted } from "./errors.js";
import { placeFindings, titleOf } from "./findings/place-findings.js";
import { selectFindings, type PlacedFinding } from "./findings/select-findings.js";
import { closeAddressedThreads } from "./incremental/close-threads.js";
import { carriedState, nextState } from "./incremental/next-state.js";
import { decodeState, type ReviewState, type TrackedFinding } from "./incremental/review-state.js";
import type { Learning } from "./learnings/learning.js";
import { suppressLikeDismissed, type Suppressed } from "./learnings/suppress.js";
import { comparisonBase, scopeFromComparison, type ReviewScope } from "./incremental/review-scope.js";
import { trackThroughPush, type TrackedAfterPush } from "./incremental/track-findings.js";
import type { CountTokens } from "./plan/count-tokens.js";
import { estimateTokens } from "./plan/estimate-tokens.js";
import { planReview, type PlannedChunk } from "./plan/plan-review.js";
import type { ExistingComment, Logger, PullRequestHost, RepositorySnapshot, ReviewModel } from "./ports.js";
import { renderUserMessage, type PullRequestInfo } from "./prompt/render-prompt.js";
import { SYSTEM_PROMPT_VERSION } from "./prompt/system-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForInterruption, checkRunOutputForReport, type CheckRunConclusion } from "./publish/check-run-output.js";
import { fingerprintInBody } from "./publish/render-comment.js";
import { publishReview } from "./publish/publish-review.js";
import { renderSummaryComment } from "./publish/render-summary.js";
import { redactSecrets } from "./secrets/redact-secrets.js";
import { redactComparison, scanForSecrets, secretAnchors } from "./secrets/secret-findings.js";
import type { ModelTime, ReviewReport, SuppressedFindingRef, TokenUsage } from "./publish/review-report.js";
import { impactPort, readHeadTexts, shownTexts, withSecondLook } from "./review-agentic.js";
import { reviewParts, type PartsResult } from "./review-parts.js";
import { secondLook } from "./verify/second-look.js";

export interface ReviewRequest {
  readonly pullRequest: PullRequestInfo;
  /** What reviewers taught the app about this repository: findings like dismissed ones are not reported. */
  readonly learnings?: readonly Learning[];
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
  /** Config values lowered to the server's caps, said once in the check run and the summary comment. */
  readonly configNotes?: readonly string[];
  readonly promptBudgetTokens: number;
  /** The server's switch and bounds for the model's repository tools (DEFAULT_AGENT_SETTINGS when not given). */
  readonly agent?: AgentSettings;
  /** A re-run: review the whole pull request, not only what changed since the last review. */
  readonly fullReview?: boolean;
  /** The summary comment as the caller just read it (null: there is none), so the review need not list it again. */
  readonly summaryComment?: ExistingComment | null;
  /** github.com or the GitHub Enterprise Server's host: the only host the posted text may link to. */
  readonly githubHost: string;
  /**
   * A push's review, not one asked for (`/review`, a re-run): it ran because the repository's `automatic_reviews`
   * let it, so the summary's notice that pushes are not reviewed automatically is dropped. Asked-for by default.
   */
  readonly automatic?: boolean;
}

export interface ReviewPorts {
  readonly host: PullRequestHost;
  readonly model: ReviewModel;
  readonly log: Logger;
  /** The model's tokenizer; the fast estimate when it is not given. */
  readonly countTokens?: CountTokens;
  /** Milliseconds, for the review time in the summary; Date.now unless a test fixes it. */
  readonly now?: () => number;
  /** Lets the server's other work (webhooks) run while a big diff's tokens are counted. */
  readonly pause?: () => Promise<void>;
  /**
   * The repository at the reviewed head, loaded on first use: the model's tools and the engine's search for the
   * uses of changed symbols read it. Without it the review sees the diff and its surroundings alone.
   */
  readonly snapshot?: RepositorySnapshot;
}

export interface ReviewOutcome {
  readonly conclusion: CheckRunConclusion;
  readonly reviewPosted: boolean;
  readonly findings: number;
  readonly usage: TokenUsage;
  readonly modelTime: ModelTime;
  /** What the review found and published; absent when no review could be made. */
  readonly report?: ReviewReport;
  /** Why no review could be made (the check run says the same); absent when one was made or it was interrupted. */
  readonly error?: string;
}

async function reportProgress(ports: ReviewPorts, checkRunId: number, text: string): Promise<void> {
  try {
    await ports.host.reportProgress(checkRunId, text);
  } catch (error) {
    ports.log.warn({ err: error }, "could not update the check run's progress");
  }
}

function reviewChunks(
  chunks: readonly PlannedChunk[],
  request: ReviewRequest,
  ports: ReviewPorts,
  checkRunId: number,
  signal: AbortSignal | undefined,
  agent: ReviewAgent,
  deadline: AbortSignal | undefined,
): Promise<PartsResult> {
  const parts = chunks.map((chunk, index) => ({
    paths: chunk.paths,
    messages: {
      system: agent.systemPrompt,
      // Its parts were redacted as they were read; this last pass catches what came another way (file names,
      // the config's instructions).
      user: redactSecrets(
        renderUserMessage({
          pullRequest: request.pullRequest,
          instructions: chunk.instructions,
          fileSections: chunk.sections,
          part: { index, count: chunks.length },
          impact: chunk.impact,
        }),
      ).text,
    },
  }));
  const totalFiles = new Set(chunks.flatMap((chunk) => chunk.paths)).size;
  const doneFiles = new Set<string>();
  let doneParts = 0;
  // One progress update per finished part but the last (the completion follows), none for a single-part
  // review: writes stay few.
  const onPartDone = async (index: number): Promise<void> => {
    for (const path of chunks[index]?.paths ?? []) doneFiles.add(path);
    doneParts += 1;
    if (doneParts < chunks.length) {
      await reportProgress(ports, checkRunId, `Reviewed ${doneFiles.size} of ${totalFiles} files (${doneParts} of ${chunks.length} parts).`);
    }
  };
  return reviewParts(parts, ports, signal, onPartDone, { tools: agent.tools, deadline });
}

/** Newly found and still-open findings that lessons suppress, each finding once. */
function suppressedRefs(fresh: readonly Suppressed<PlacedFinding>[], open: readonly Suppressed<TrackedFinding>[]): SuppressedFindingRef[] {
  const lesson = (learning: Learning) => ({ id: learning.id, source: learning.source, by: learning.by, pullNumber: learning.pullNumber });
  const refs: SuppressedFindingRef[] = fresh.map(({ item, learning }) => ({
    fingerprint: item.fingerprint, severity: item.finding.severity, path: item.path, line: item.line, title: titleOf(item.finding), learning: lesson(learning),
  }));
  const seen = new Set(refs.map((ref) => ref.fingerprint));
  for (const { item, learning } of open) {
    if (!seen.has(item.fingerprint)) refs.push({ fingerprint: item.fingerprint, severity: item.severity, path: item.path, line: item.line, title: item.title, learning: lesson(learning) });
  }
  return refs;
}

/** What to review: the whole pull request, or (after a push on top of the last reviewed head) only the push. */
async function decideScope(request: ReviewRequest, host: PullRequestHost, previous: ReviewState | undefined, files: readonly ChangedFile[]): Promise<ReviewScope> {
  const base = comparisonBase({ state: previous, headSha: request.pullRequest.headSha, fullRequested: request.fullReview ?? false, pullRequestFiles: files });
  if ("full" in base) return { kind: "full", reason: base.full };
  if (base.baseSha === request.pullRequest.headSha) return scopeFromComparison(base.baseSha, { status: "identical", files: [] }, files);
  return scopeFromComparison(base.baseSha, redactComparison(await host.compareWithHead(base.baseSha)), files);
}

/**
 * The review pipeline: files → what changed since the last review → selection, context and chunks under the
 * token budget → model (parts in parallel) → validated findings → placement on real diff lines → noise
 * control and dedupe → one review, the summary comment (with the state for the next push), answers in
 * addressed threads, and a completed check run. Every failure ends in a check run that says what went wrong.
 * When `signal` aborts (a newer push, a shutdown, the job's deadline) nothing more is posted and the check run
 * completes as cancelled or timed out with the signal's reason.
 */
export async function reviewPullRequest(request: ReviewRequest, ports: ReviewPorts, signal?: AbortSignal): Promise<ReviewOutcome> {
  const { host, model, log } = ports;
  const now = ports.now ?? Date.now;
  const startedAt = now();
  const { config } = request;
  const checkRunId = await host.startCheckRun();
  try {
    const knownSummary = request.summaryComment;
    const [listed, summaryComment, reviewComments] = await Promise.all([
      host.listFiles(),
      knownSummary === undefined ? host.findSummaryComment() : Promise.resolve(knownSummary ?? undefined),
      host.listReviewComments(),
    ]);
    // Secrets are redacted before anything reads the diff; what was redacted on added lines becomes findings.
    const secrets = scanForSecrets(listed);
    const { files } = secrets;
    const previous = summaryComment === undefined ? undefined : decodeState(summaryComment.body);
    const scope = await decideScope(request, host, previous, files);
    const countTokens = ports.countTokens ?? estimateTokens;
    const agent = reviewAgent({
      agentic: config.agentic, ignore: config.ignore, settings: request.agent ?? DEFAULT_AGENT_SETTINGS, snapshot: ports.snapshot, promptBudgetTokens: request.promptBudgetTokens, countTokens, pause: ports.pause,
    });
    const plan = await planReview(
      {
        files: scope.kind === "full" ? files : scope.files, pullRequest: request.pullRequest, config, promptBudgetTokens: request.promptBudgetTokens,
        systemPrompt: agent.systemPrompt, reservedTokens: agent.reservedTokens,
      },
      { host, log, countTokens, ...(ports.pause !== undefined ? { pause: ports.pause } : {}), ...impactPort(agent, log) },
    );
    const reviewedPaths = new Set(plan.chunks.flatMap((chunk) => chunk.paths));

    // One deadline for every model call of the review, the second look's included.
    const deadline = model.callLimits === undefined ? undefined : AbortSignal.timeout(model.callLimits.reviewTimeoutMs);
    const results = await reviewChunks(plan.chunks, request, ports, checkRunId, signal, agent, deadline);
    if (plan.chunks.length > 0 && results.failedParts.length === plan.chunks.length) {
      const reason = results.failedParts[0]?.error ?? "every model call failed";
      // Nothing reviewed because the deadline passed first: GitHub's own "timed out" state, not a failure of ours.
      if (results.failedParts.every((part) => part.timedOut === true)) {
        throw new ReviewInterrupted("timeout", `The review did not finish in time: ${reason}. The model endpoint may be slow or hanging; press Re-run to try again.`);
      }
      throw new Error(reason);
    }

    // Anchors are checked against the pull request's own diff (what GitHub validates), even when the model saw
    // only the push; only files the model saw can carry findings.
    const pullRequestDiffs = scope.kind === "full" ? plan.reviewable : selectFiles(files, { ignore: config.ignore, useDefaultIgnore: config.use_default_ignore }).reviewable;
    const anchorable = new Map<string, FileDiff>(pullRequestDiffs.filter((f) => reviewedPaths.has(f.path)).map((f) => [f.path, f]));
    const modelPlacement = placeFindings(results.findings, anchorable, { allowLeft: scope.kind === "full" });
    const secretPlacement = placeFindings(secrets.findings, secretAnchors(files), { allowLeft: false });
    const placement = {
      inline: [...secretPlacement.inline, ...modelPlacement.inline],
      unplaced: [...secretPlacement.unplaced, ...modelPlacement.unplaced],
      dropped: [...secretPlacement.dropped, ...modelPlacement.dropped],
    };
    const tracked: TrackedAfterPush =
      scope.kind === "incremental" && previous !== undefined ? trackThroughPush(previous.findings, scope.changed, scope.gone) : { open: [], closed: [] };
    const onThePullRequest = new Set(reviewComments.filter((c) => c.byBot).flatMap((c) => fingerprintInBody(c.body) ?? []));
    if (scope.kind === "incremental") for (const finding of tracked.open) onThePullRequest.add(finding.fingerprint);
    const learnings = request.learnings ?? [];
    const fresh = suppressLikeDismissed([...placement.inline, ...placement.unplaced], (p) => ({ title: titleOf(p.finding), path: p.path }), learnings);
    const stillOpen = suppressLikeDismissed(tracked.open, (f) => ({ title: f.title, path: f.path }), learnings);
    const suppressed = suppressedRefs(fresh.suppressed, stillOpen.suppressed);
    const noise = { severityThreshold: config.severity_threshold, maxComments: config.max_comments, confidenceThreshold: config.confidence_threshold };
    // Findings like dismissed ones are left out before the second look: no tokens spent on confirming them.
    const found = selectFindings(fresh.kept, onThePullRequest, noise);
    // Only the model's findings get a second look: a secret found in the diff is the engine's own finding.
    const fromModel = new Set([...modelPlacement.inline, ...modelPlacement.unplaced].map((placed) => placed.fingerprint));
    const look = await secondLook(
      {
        candidates: [...found.comments, ...found.inBody, ...found.summaryOnly.map((s) => s.placed)].filter((placed) => fromModel.has(placed.fingerprint)),
        threshold: config.verify, texts: shownTexts(plan.headTexts, agent.shown),
        diffs: anchorable, pullRequest: request.pullRequest, promptBudgetTokens: request.promptBudgetTokens, reservedTokens: verificationReserve(agent, countTokens),
      },
      { model, log, countTokens, tools: agent.tools, deadline, readTexts: (paths) => readHeadTexts(host, log, paths, agent.shown) },
      signal,
    );
    // What the second look withdrew is left out, and the rest selected again: a freed comment slot goes to the next finding.
    const kept = (placed: PlacedFinding): boolean => !look.withdrawn.has(placed.fingerprint);
    const chosen = look.withdrawn.size === 0 ? found : selectFindings(fresh.kept.filter(kept), onThePullRequest, noise);
    const calls = withSecondLook(results, look);
    const publishedNow = new Set([...chosen.comments, ...chosen.inBody, ...chosen.summaryOnly.map((s) => s.placed)].map((p) => p.fingerprint));

    const report: ReviewReport = {
      headSha: request.pullRequest.headSha,
      modelName: model.name,
      scope: scope.kind === "full" ? { kind: "full", reason: scope.reason } : { kind: "incremental", baseSha: scope.baseSha },
      summaries: results.summaries,
      selection: chosen,
      dropped: placement.dropped,
      filesReviewed: [...reviewedPaths],
      skipped: plan.notReviewed,
      failedParts: results.failedParts,
      invalidFindings: results.invalidFindings,
      incompleteParts: results.incompleteParts,
      configProblems: request.configProblems,
      ...(request.configNotes !== undefined && request.configNotes.length > 0 ? { configNotes: request.configNotes } : {}),
      usage: calls.usage,
      modelTime: calls.modelTime,
      durationMs: now() - startedAt,
      stillOpen: stillOpen.kept.filter((f) => !publishedNow.has(f.fingerprint)),
      closed: tracked.closed,
      failOn: config.fail_on,
      suppressed,
      ...(agent.tools === undefined ? {} : { toolUse: toolUseOf([...results.toolCalls, ...look.toolCalls]) }),
      ...(look.report === undefined ? {} : { verification: look.report }),
      githubHost: request.githubHost,
    };

    // The last moment a newer push or a shutdown can stop this review: after it, the review is on the PR.
    signal?.throwIfAborted();
    const published = await publishReview(host, log, report);
    // Read again: `/pause` or `/resume` may have changed the summary (or written the first one) while the model worked.
    const current = await host.findSummaryComment();
    const carried = carriedState(current === undefined ? undefined : decodeState(current.body), request.automatic ?? false);
    await host.writeSummaryComment(current, renderSummaryComment(report, nextState(report, carried)));
    await closeAddressedThreads(host, log, tracked.closed, reviewComments, report.headSha);
    const output = checkRunOutputForReport(report);
    await host.completeCheckRun(checkRunId, output);
    log.info(
      {
        conclusion: output.conclusion,
        scope: scope.kind,
        promptVersion: SYSTEM_PROMPT_VERSION,
        inline: chosen.comments.length,
        inBody: chosen.inBody.length,
        summaryOnly: chosen.summaryOnly.length,
        repeats: chosen.alreadyReported.length,
        dropped: placement.dropped.length,
        unusableFindings: results.invalidFindings.length,
        incompleteParts: results.incompleteParts.length,
        failedParts: results.failedParts.length,
        secrets: secrets.findings.length,
        closed: tracked.closed.length,
        suppressed: suppressed.length,
        ...calls.usage,
        modelCalls: calls.modelTime.calls,
        modelMs: Math.round(calls.modelTime.durationMs),
        ...(report.toolUse === undefined ? {} : { toolCalls: report.toolUse.calls }),
        ...(report.verification === undefined ? {} : { verification: report.verification }),
      },
      "review completed",
    );
    return { conclusion: output.conclusion, reviewPosted: published.posted, findings: publishedNow.size, usage: calls.usage, modelTime: calls.modelTime, report };
  } catch (error) {
    const interruption: unknown = signal?.aborted === true ? signal.reason : error instanceof ReviewInterrupted ? error : undefined;
    if (interruption !== undefined) {
      const output = checkRunOutputForInterruption(interruption);
      log.info({ conclusion: output.conclusion, reason: describeError(interruption) }, "review interrupted; nothing posted");
      await host.completeCheckRun(checkRunId, output);
      return { conclusion: output.conclusion, reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 }, modelTime: { calls: 0, durationMs: 0 } };
    }
    log.error({ err: error }, "review failed");
    await host.completeCheckRun(checkRunId, checkRunOutputForFailure(describeError(error), request.configProblems));
    return {
      conclusion: "failure", reviewPosted: false, findings: 0, usage: { promptTokens: 0, completionTokens: 0 }, modelTime: { calls: 0, durationMs: 0 }, error: describeError(error),
    };
  }
}
