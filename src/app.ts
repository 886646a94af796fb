import { performance } from "node:perf_hooks";
import type { ApplicationFunction, Probot } from "probot";
import type { AppSettings } from "./config/env.js";
import { createCompletedCheckRun, fetchPullRequest } from "./adapters/github/completed-check-run.js";
import { installationConfigSource } from "./adapters/github/installation-config.js";
import { loadRepoConfig } from "./adapters/github/load-repo-config.js";
import { createPullRequestHost, type GitHubClient } from "./adapters/github/pull-request-host.js";
import { withWriteRetries } from "./adapters/github/resilient-writes.js";
import type { WriteRetryOptions } from "./adapters/github/write-retry.js";
import { findPullRequestsOfCommit } from "./adapters/github/pull-requests-of-commit.js";
import { findCompletedReview, findOrphanedCheckRuns } from "./adapters/github/review-record.js";
import { reviewJobKey, type CommitJob, type PullRequestJob, type ReviewJob } from "./adapters/jobs/review-job.js";
import type { ReviewQueue } from "./adapters/jobs/review-queue.js";
import type { ReviewMetrics, ReviewResult } from "./adapters/metrics/review-metrics.js";
import { describeError, ReviewInterrupted } from "./core/errors.js";
import { yieldToEventLoop } from "./adapters/yield-to-event-loop.js";
import type { CountTokens } from "./core/plan/count-tokens.js";
import type { Logger, ReviewModel } from "./core/ports.js";
import type { PullRequestInfo } from "./core/prompt/render-prompt.js";
import { checkRunOutputForFailure, checkRunOutputForInterruption, checkRunOutputForNotStarted, RERUN_ACTION, type CheckRunConclusion } from "./core/publish/check-run-output.js";
import { reviewPullRequest } from "./core/review.js";

export interface AppDependencies {
  readonly settings: AppSettings;
  readonly model: ReviewModel;
  readonly queue: ReviewQueue;
  /** The GitHub App's id: our check runs are looked up by it. */
  readonly appId: number;
  readonly writeRetry: Omit<WriteRetryOptions, "log">;
  readonly metrics?: Pick<ReviewMetrics, "reviewStarted" | "reviewFinished">;
  /** One call's prompt budget (lowered to what the model server allows) and the model's tokenizer. */
  readonly budget?: () => Promise<ReviewBudget>;
}

export interface ReviewBudget {
  readonly promptBudgetTokens: number;
  readonly countTokens: CountTokens;
}

/** The pull_request actions that mean "there is new code to review". */
export const REVIEW_TRIGGERS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

interface PullRequestLike {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly draft?: boolean | undefined;
  readonly head: { readonly sha: string };
  readonly base: { readonly sha: string };
}

function pullRequestSnapshot(pr: PullRequestLike): NonNullable<PullRequestJob["pullRequest"]> {
  return { title: pr.title, body: pr.body ?? "", headSha: pr.head.sha, baseSha: pr.base.sha, draft: pr.draft ?? false };
}

function resultOf(conclusion: CheckRunConclusion): ReviewResult {
  if (conclusion === "failure" || conclusion === "timed_out") return "failed";
  if (conclusion === "cancelled") return "cancelled";
  return "completed";
}

function checkRunTarget(job: PullRequestJob, headSha: string, deps: AppDependencies) {
  return { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber, headSha, checkRunName: deps.settings.checkRunName };
}

/** A review that died with its process left its check run spinning; say so on it before reviewing again. */
async function closeOrphanedCheckRuns(octokit: GitHubClient, target: ReturnType<typeof checkRunTarget>, deps: AppDependencies, log: Logger): Promise<void> {
  const orphans = await findOrphanedCheckRuns(octokit, { ...target, appId: deps.appId });
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
async function runReviewJob(app: Probot, deps: AppDependencies, job: PullRequestJob, signal: AbortSignal): Promise<void> {
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
    if (!job.forced) {
      const done = await findCompletedReview(octokit, { ...target, appId: deps.appId });
      if (done !== undefined) {
        log.info({ checkRunId: done.checkRunId, conclusion: done.conclusion }, "commit already reviewed; not reviewing it again (Re-run forces a review)");
        return;
      }
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
    await closeOrphanedCheckRuns(octokit, target, deps, log);
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
async function reviewPullRequestsOfCommit(app: Probot, deps: AppDependencies, job: CommitJob): Promise<void> {
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
function deliveryIdFor(deliveryId: string, pullNumber: number): string {
  return `${deliveryId}/pr-${pullNumber}`;
}

/** A job that will never run gets a completed check run saying why, so the PR does not wait for nothing. */
async function reportNotStarted(app: Probot, deps: AppDependencies, job: ReviewJob, reason: string): Promise<void> {
  if (job.pullNumber === null) {
    // No pull request is known yet, so there is no check run to write it in; GitHub shows the delivery.
    app.log.warn({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, headSha: job.commitSha, reason }, "check suite re-run not started");
    return;
  }
  const octokit: GitHubClient = await app.auth(job.installationId);
  const headSha = job.pullRequest?.headSha ?? (await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber)).headSha;
  await createCompletedCheckRun(octokit, checkRunTarget(job, headSha, deps), checkRunOutputForNotStarted(reason));
}

/** Queues the job; a refusal (shutting down) fails the delivery so GitHub shows it for redelivery. */
async function enqueue(deps: AppDependencies, job: ReviewJob, log: Logger, action: string): Promise<void> {
  const result = await deps.queue.enqueue(job);
  log.info({ deliveryId: job.deliveryId, key: reviewJobKey(job), headSha: job.pullRequest?.headSha ?? null, action, result }, "review queued");
  if (result === "refused") throw new Error("pr-reviewer is shutting down and takes no new reviews; redeliver this webhook later");
}

function reviewJob(
  deliveryId: string,
  installationId: number,
  repository: { readonly owner: { readonly login: string }; readonly name: string },
  pullNumber: number,
  pullRequest: PullRequestJob["pullRequest"],
  forced: boolean,
): PullRequestJob {
  return {
    deliveryId,
    installationId,
    owner: repository.owner.login,
    repo: repository.name,
    pullNumber,
    pullRequest,
    forced,
    queuedAt: Date.now(),
  };
}

/** Our check runs carry the PR number in external_id because fork PRs leave `pull_requests` empty. */
function pullNumberOfCheckRun(checkRun: { readonly external_id: string | null; readonly pull_requests: ReadonlyArray<{ readonly number: number }> }): number | undefined {
  const fromList = checkRun.pull_requests[0]?.number;
  if (fromList !== undefined) return fromList;
  const match = /^pr-(\d+)$/.exec(checkRun.external_id ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Wires GitHub events to the review queue, and the queue to the review. Handlers only enqueue: GitHub gives a
 * webhook 10 s, a review takes the model's time, so the review runs as a job after the delivery is answered.
 */
export function createApp(deps: AppDependencies): ApplicationFunction {
  return async (app) => {
    app.on([...REVIEW_TRIGGERS], async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (pr.state !== "open") return;
      if (installation === undefined) {
        context.log.warn({ deliveryId: context.id }, "event without an installation ignored");
        return;
      }
      const job = reviewJob(context.id, installation.id, repository, pr.number, pullRequestSnapshot(pr), false);
      await enqueue(deps, job, context.log, context.payload.action);
    });

    // GitHub's "Re-run" and our "Re-run review" button on our check run: a fresh full review of the pull
    // request's current head, which the job looks up (the check run may belong to an older commit).
    app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const { check_run: checkRun, repository, installation } = context.payload;
      if (checkRun.name !== deps.settings.checkRunName || installation === undefined) return;
      if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== RERUN_ACTION.identifier) return;
      const pullNumber = pullNumberOfCheckRun(checkRun);
      if (pullNumber === undefined) {
        context.log.warn({ deliveryId: context.id, checkRunId: checkRun.id }, "re-run requested for a check run without a pull request");
        return;
      }
      // No snapshot: the job reads the pull request's current head when it runs; forced past "already reviewed".
      await enqueue(deps, reviewJob(context.id, installation.id, repository, pullNumber, null, true), context.log, context.payload.action);
    });

    // GitHub's "Re-run all checks" re-requests the whole suite. Only our own suite is ours to re-run; the PRs are
    // those of this repository (a suite can list PRs of other repositories that share the branch).
    app.on("check_suite.rerequested", async (context) => {
      const { check_suite: suite, repository, installation } = context.payload;
      if (suite.app.id !== deps.appId || installation === undefined) return;
      const numbers = [...new Set(suite.pull_requests.filter((pr) => pr.base.repo.id === repository.id).map((pr) => pr.number))];
      if (numbers.length === 0) {
        // A fork's PR leaves the list empty: the job finds the PRs of the suite's commit.
        const job: CommitJob = {
          deliveryId: context.id, installationId: installation.id, owner: repository.owner.login, repo: repository.name,
          pullNumber: null, pullRequest: null, commitSha: suite.head_sha, forced: true, queuedAt: Date.now(),
        };
        await enqueue(deps, job, context.log, context.payload.action);
        return;
      }
      for (const pullNumber of numbers) {
        const job = reviewJob(deliveryIdFor(context.id, pullNumber), installation.id, repository, pullNumber, null, true);
        await enqueue(deps, job, context.log, context.payload.action);
      }
    });

    await deps.queue.start({
      process: (job, signal) => (job.pullNumber === null ? reviewPullRequestsOfCommit(app, deps, job) : runReviewJob(app, deps, job, signal)),
      notStarted: (job, reason) => reportNotStarted(app, deps, job, reason),
    });
  };
}
