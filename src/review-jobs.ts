import { performance } from "node:perf_hooks";
import type { Probot } from "probot";
import type { AppDependencies } from "./app-dependencies.js";
import { createCompletedCheckRun, fetchPullRequest } from "./adapters/github/completed-check-run.js";
import { installationConfigSource } from "./adapters/github/installation-config.js";
import { loadRepoConfig } from "./adapters/github/load-repo-config.js";
import { createPullRequestHost, type GitHubClient } from "./adapters/github/pull-request-host.js";
import { findPullRequestsOfCommit } from "./adapters/github/pull-requests-of-commit.js";
import { withWriteRetries } from "./adapters/github/resilient-writes.js";
import { readReviewRecord } from "./adapters/github/review-record.js";
import type { CommitJob, PullRequestJob, ReviewJob } from "./adapters/jobs/review-job.js";
import type { ReviewResult } from "./adapters/metrics/review-metrics.js";
import { yieldToEventLoop } from "./adapters/yield-to-event-loop.js";
import { describeError, ReviewInterrupted } from "./core/errors.js";
import type { Logger } from "./core/ports.js";
import type { PullRequestInfo } from "./core/prompt/render-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForInterruption, checkRunOutputForNotStarted, type CheckRunConclusion } from "./core/publish/check-run-output.js";
import { reviewPullRequest } from "./core/review.js";

function resultOf(conclusion: CheckRunConclusion): ReviewResult {
  if (conclusion === "failure" || conclusion === "timed_out") return "failed";
  if (conclusion === "cancelled") return "cancelled";
  return "completed";
}

function checkRunTarget(job: PullRequestJob, headSha: string, deps: AppDependencies) {
  return { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber, headSha, checkRunName: deps.settings.checkRunName, appId: deps.appId };
}

/** A review that died with its process left its check run spinning; say so on it before reviewing again. */
async function closeOrphanedCheckRuns(octokit: GitHubClient, target: ReturnType<typeof checkRunTarget>, orphans: readonly number[], log: Logger): Promise<void> {
  const output = checkRunOutputForInterruption(
    new ReviewInterrupted("shutdown", "The process running this review stopped before it finished; the review was started again in a new check run."),
  );
  for (const checkRunId of orphans) {
    log.warn({ checkRunId }, "completing a check run left in progress by a stopped review");
    await octokit.rest.checks.update({
      owner: target.owner,
      repo: target.repo,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: output.conclusion,
      completed_at: new Date().toISOString(),
      output: { title: output.title, summary: output.summary },
    });
  }
}

/** The review of one job, after its delivery was answered; it may run on another replica than the webhook. */
export async function runReviewJob(app: Probot, deps: AppDependencies, job: PullRequestJob, signal: AbortSignal): Promise<void> {
  const octokit: GitHubClient = await app.auth(job.installationId);
  const snapshot = job.pullRequest ?? (await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber));
  if ("open" in snapshot && !snapshot.open) return;
  const pullRequest: PullRequestInfo = {
    owner: job.owner, repo: job.repo, number: job.pullNumber, title: snapshot.title, body: snapshot.body, headSha: snapshot.headSha, baseSha: snapshot.baseSha,
  };
  const log: Logger = app.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber, headSha: snapshot.headSha });
  const target = checkRunTarget(job, snapshot.headSha, deps);
  let configProblems: readonly string[] = [];
  let step = "looking up earlier reviews of this commit";
  let started: number | undefined;
  try {
    const record = await readReviewRecord(octokit, { ...target, appId: deps.appId });
    if (!job.forced && record.completed !== undefined) {
      const done = record.completed;
      log.info({ checkRunId: done.checkRunId, conclusion: done.conclusion }, "commit already reviewed; not reviewing it again (Re-run forces a review)");
      return;
    }
    // A newer push already replaced this one: nothing to say on this commit. A timeout or a shutdown is still
    // reported, by the review's own check run.
    const reason: unknown = signal.reason;
    if (signal.aborted && reason instanceof ReviewInterrupted && reason.kind === "superseded") {
      log.info({ reason: reason.message }, "review dropped before it started");
      return;
    }
    step = "reading the repository config";
    const { config, problems } = await loadRepoConfig(installationConfigSource(octokit, job.owner, job.repo));
    configProblems = problems;
    if (problems.length > 0) log.warn({ problems }, "invalid repository config; using the defaults");
    if (snapshot.draft && !config.review_drafts && !job.forced) {
      log.info({}, "draft pull request not reviewed (review_drafts is false)");
      return;
    }
    step = "closing check runs left by a stopped review";
    await closeOrphanedCheckRuns(octokit, target, record.orphans, log);
    step = "preparing the model's budget";
    const budget = await deps.budget?.();
    step = "recording the review on GitHub";
    const host = withWriteRetries(createPullRequestHost(octokit, target), octokit, target, { ...deps.writeRetry, log, signal });
    deps.metrics?.reviewStarted();
    started = performance.now();
    const outcome = await reviewPullRequest(
      {
        pullRequest,
        config,
        configProblems: problems,
        promptBudgetTokens: budget?.promptBudgetTokens ?? deps.settings.model.promptBudgetTokens,
        githubHost: deps.githubHost,
        // A re-run reviews the whole pull request again, not only the latest push.
        fullReview: job.forced,
      },
      { host, model: deps.model, log, pause: yieldToEventLoop, ...(budget === undefined ? {} : { countTokens: budget.countTokens }) },
      signal,
    );
    deps.metrics?.reviewFinished(resultOf(outcome.conclusion), (performance.now() - started) / 1000);
  } catch (error) {
    // The review itself ends every failure in its check run; this is what failed around it (lookup, config, or
    // GitHub refusing the check run itself): say so on the commit.
    if (started !== undefined) deps.metrics?.reviewFinished("failed", (performance.now() - started) / 1000);
    log.error({ err: error, step }, "review job failed");
    const reason = `${step} failed: ${describeError(error)}`;
    await createCompletedCheckRun(octokit, target, checkRunOutputForFailure(reason, configProblems)).catch((reportError: unknown) =>
      log.error({ err: reportError }, "could not record the failure in a check run"),
    );
  }
}

/**
 * A re-run of a check suite that named no pull request: the pull requests of its commit are found now, after
 * the delivery was answered, and each gets a forced review through the queue like any other re-run.
 */
export async function reviewPullRequestsOfCommit(app: Probot, deps: AppDependencies, job: CommitJob): Promise<void> {
  const octokit: GitHubClient = await app.auth(job.installationId);
  const log: Logger = app.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, headSha: job.commitSha });
  const numbers = await findPullRequestsOfCommit(octokit, {
    owner: job.owner, repo: job.repo, sha: job.commitSha, checkRunName: deps.settings.checkRunName, appId: deps.appId,
  });
  if (numbers.length === 0) {
    log.warn({}, "re-run requested for a commit that is the head of no open pull request; nothing to review");
    return;
  }
  for (const pullNumber of numbers) {
    const review: PullRequestJob = {
      deliveryId: deliveryIdFor(job.deliveryId, pullNumber), installationId: job.installationId, owner: job.owner, repo: job.repo,
      pullNumber, pullRequest: null, forced: true, queuedAt: Date.now(),
    };
    const result = await deps.queue.enqueue(review);
    log.info({ pr: pullNumber, result }, "review queued for a pull request of the re-run check suite");
  }
}

/** One delivery may ask for several reviews; each gets its own id (the queue drops repeated ids as redeliveries). */
export function deliveryIdFor(deliveryId: string, pullNumber: number): string {
  return `${deliveryId}/pr-${pullNumber}`;
}

/** A job that will never run gets a completed check run saying why, so the PR does not wait for nothing. */
export async function reportNotStarted(app: Probot, deps: AppDependencies, job: ReviewJob, reason: string): Promise<void> {
  if (job.pullNumber === null) {
    // No pull request is known yet, so there is no check run to write it in; GitHub shows the delivery.
    app.log.warn({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, headSha: job.commitSha, reason }, "check suite re-run not started");
    return;
  }
  const octokit: GitHubClient = await app.auth(job.installationId);
  const headSha = job.pullRequest?.headSha ?? (await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber)).headSha;
  await createCompletedCheckRun(octokit, checkRunTarget(job, headSha, deps), checkRunOutputForNotStarted(reason));
}
