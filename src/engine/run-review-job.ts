import { performance } from "node:perf_hooks";
import { isPermissionDenied, withCheckRunsIfPermitted, type CheckRunPermission } from "../adapters/github/check-runs-if-permitted.js";
import { createCompletedCheckRun, fetchPullRequest } from "../adapters/github/completed-check-run.js";
import { createConversationHost } from "../adapters/github/conversation-host.js";
import type { GitHubClient, PullRequestTarget } from "../adapters/github/github-client.js";
import type { RepoConfigSource } from "../adapters/github/installation-config.js";
import { loadRepoConfig } from "../adapters/github/load-repo-config.js";
import { createPullRequestHost } from "../adapters/github/pull-request-host.js";
import { withRequestRetries } from "../adapters/github/request-retries.js";
import { createGitHubRepositorySnapshot } from "../adapters/github/repository-snapshot.js";
import { withWriteRetries } from "../adapters/github/resilient-writes.js";
import { readReviewRecord, type ReviewRecord } from "../adapters/github/review-record.js";
import type { PullRequestJob } from "../adapters/jobs/review-job.js";
import type { ReviewResult } from "../adapters/metrics/review-metrics.js";
import { yieldToEventLoop } from "../adapters/yield-to-event-loop.js";
import type { MinPermission } from "../core/conversation/access.js";
import { say } from "../core/conversation/context.js";
import { pausedState } from "../core/conversation/pause.js";
import { alreadyReviewedReply } from "../core/conversation/replies.js";
import { capRepoConfig, DEFAULT_REPO_CONFIG_CAPS } from "../core/config/config-caps.js";
import { describeError, ReviewInterrupted } from "../core/errors.js";
import { harvestReactions } from "../core/learnings/harvest.js";
import type { Learning } from "../core/learnings/learning.js";
import { repositoryKey } from "../core/learnings/learning-store.js";
import type { ExistingComment, Logger } from "../core/ports.js";
import type { PullRequestInfo } from "../core/prompt/render-prompt.js";
import { summaryWithNotAutomatic } from "../core/eligibility/not-automatic-summary.js";
import type { ReviewRequestWay } from "../core/incremental/review-state.js";
import {
  checkRunOutputForFailure, checkRunOutputForInterruption, checkRunOutputForNotAutomatic, checkRunOutputForPaused, type CheckRunConclusion, type CheckRunOutput,
} from "../core/publish/check-run-output.js";
import { reviewPullRequest, type ReviewOutcome } from "../core/review.js";
import { notReviewedAutomatically } from "./automatic-review-gate.js";
import type { EngineDependencies } from "./engine-dependencies.js";
import { budgetedModel, refuseWhenBudgetSpent } from "./token-budget-gate.js";

/** Where a review job ended: a review was made (or failed in its check run), or there was nothing to do. */
export type JobOutcome =
  | { readonly kind: "reviewed"; readonly outcome: ReviewOutcome }
  | { readonly kind: "skipped"; readonly reason: SkipReason }
  /** Failed around the review (lookups, config, the check run itself); a completed check run says so when GitHub allowed it. */
  | { readonly kind: "failed"; readonly error: string };

/**
 * `budget-spent`: INSTALLATION_DAILY_TOKEN_BUDGET was reached; a `neutral` check run says until when. `fork` and
 * `author-permission`: the repository's `automatic_reviews` leaves the push to a maintainer; a `skipped` check run
 * and the summary comment say so. `running-elsewhere`: another workflow run is reviewing this commit (the Action).
 */
export type SkipReason = "closed" | "already-reviewed" | "superseded" | "draft" | "paused" | "budget-spent" | "fork" | "author-permission" | "running-elsewhere";

const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
  closed: "the pull request is closed",
  "already-reviewed": "this commit was already reviewed (re-run to review it again)",
  superseded: "a newer push replaced this commit",
  draft: "the pull request is a draft (set review_drafts: true in the config to review drafts)",
  paused: "automatic reviews of this pull request are paused (/pause; its summary comment says by whom); comment /resume to review pushes again",
  "budget-spent": "the token budget (INSTALLATION_DAILY_TOKEN_BUDGET) is spent; the check run says when it frees up",
  fork: "the pull request comes from a fork and the repository config reviews those only when asked (automatic_reviews.forks: false); a maintainer can ask with /review or a re-run",
  "author-permission":
    "its author lacks the permission the repository config asks for automatic reviews (automatic_reviews.min_author_permission); a maintainer can ask with /review or a re-run",
  "running-elsewhere": "a review of this commit is running in another workflow run; it stands for this one",
};

/** Why a job reviewed nothing, in words for a log line or a job summary. */
export function describeSkip(reason: SkipReason): string {
  return SKIP_REASONS[reason];
}

export interface JobOptions {
  /** Where `.github/pr-reviewer.yml` comes from: the default branch through Probot's config plugin in the App. */
  readonly configSource: RepoConfigSource;
  /**
   * `required` (the App, whose installation always may): a refused check run fails the job. `if-permitted` (a
   * workflow's token, whose `permissions:` may leave out `checks`): the review goes on without one.
   */
  readonly checkRuns?: "required" | "if-permitted";
  /**
   * How a maintainer asks for a review that `automatic_reviews` held back, as the summary and the check run tell
   * it: `/review` in the App (the default), re-running the workflow's job in the Action.
   */
  readonly askForReview?: ReviewRequestWay;
  /**
   * Whether another process may be reviewing this pull request at the same moment. Not in the App: its queue runs
   * one review per pull request, so a check run of ours still in progress was left by a process that stopped. In
   * the Action, runs are separate workflow runs — a `/review` comment's run can overlap a push's — so a check run
   * in progress for less than `liveForMs` (the longest a review job may live) is another run's review: this job
   * leaves the commit to it rather than marking it stopped and reviewing the same commit twice at once.
   */
  readonly concurrentRuns?: { readonly liveForMs: number };
}

/** Earlier reviews of the commit, or none known when the token may not read check runs and need not. */
async function reviewRecordOf(octokit: GitHubClient, target: PullRequestTarget, options: JobOptions, permission: CheckRunPermission, log: Logger): Promise<ReviewRecord> {
  try {
    return await readReviewRecord(octokit, target);
  } catch (error) {
    if (options.checkRuns !== "if-permitted" || !isPermissionDenied(error)) throw error;
    permission.denied = true;
    log.info({}, "no check run: the token may not read check runs (grant checks: write to get one); reviewing without it");
    return { inProgress: [] };
  }
}

function resultOf(conclusion: CheckRunConclusion): ReviewResult {
  if (conclusion === "failure" || conclusion === "timed_out") return "failed";
  if (conclusion === "cancelled") return "cancelled";
  return "completed";
}

function recordVerification(deps: EngineDependencies, outcome: ReviewOutcome): void {
  const verification = outcome.report?.verification;
  if (verification === undefined || deps.metrics?.findingsVerified === undefined) return;
  deps.metrics.findingsVerified("confirmed", verification.confirmed);
  deps.metrics.findingsVerified("withdrawn", verification.withdrawn);
  deps.metrics.findingsVerified("failed", verification.unverified);
}

export function checkRunTarget(job: Pick<PullRequestJob, "owner" | "repo" | "pullNumber">, headSha: string, deps: EngineDependencies): PullRequestTarget {
  return {
    owner: job.owner, repo: job.repo, pullNumber: job.pullNumber, headSha, checkRunName: deps.settings.checkRunName,
    ...(deps.appId === undefined ? {} : { appId: deps.appId }),
    ...(deps.author === undefined ? {} : { author: deps.author }),
  };
}

/**
 * A push that was not reviewed gets a completed check run, so the pull request waits for nothing. A workflow's
 * token that may not write check runs (`if-permitted`) leaves the commit without one, as a review would.
 */
async function recordSkip(octokit: GitHubClient, target: PullRequestTarget, output: CheckRunOutput, options: JobOptions, permission: CheckRunPermission, log: Logger): Promise<void> {
  if (permission.denied) return;
  try {
    await createCompletedCheckRun(octokit, target, output);
  } catch (error) {
    if (options.checkRuns !== "if-permitted" || !isPermissionDenied(error)) throw error;
    permission.denied = true;
    log.info({}, "no check run: the token may not write check runs (grant checks: write to get one)");
  }
}

/** A review that died with its process left its check run spinning; say so on it before reviewing again. */
async function closeOrphanedCheckRuns(octokit: GitHubClient, target: PullRequestTarget, orphans: readonly number[], log: Logger): Promise<void> {
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

/**
 * The lessons in force for this repository, after taking in the 👍/👎 given since the last look (GitHub sends no
 * webhook for reactions). Learning never stops a review: a failure here is logged and the review goes on without.
 */
async function lessonsFor(
  octokit: GitHubClient, deps: EngineDependencies, job: PullRequestJob, target: PullRequestTarget, minPermission: MinPermission, log: Logger,
): Promise<readonly Learning[]> {
  const learnings = deps.learnings;
  if (learnings === undefined) return [];
  const repository = repositoryKey(job.owner, job.repo);
  try {
    if (learnings.identity !== undefined) {
      const identity = await learnings.identity();
      const host = createConversationHost(octokit, target, log);
      await harvestReactions({ host, store: learnings.store, identity, repository, minPermission, log, now: Date.now });
    }
  } catch (error) {
    log.warn({ err: error }, "could not read reactions on earlier findings; reviewing without them");
  }
  try {
    return await learnings.store.list(repository);
  } catch (error) {
    log.warn({ err: error }, "could not read what reviewers taught; reviewing without suppressing anything");
    return [];
  }
}

/**
 * One review job, whichever door it came through: the App (after its webhook was answered, maybe on another
 * replica), the Action, or the command line with `--pr`. `octokit` is the job's GitHub client (an installation's
 * or a token's); every stage after it is the same.
 */
export async function runReviewJob(client: GitHubClient, deps: EngineDependencies, job: PullRequestJob, signal: AbortSignal, options: JobOptions): Promise<JobOutcome> {
  const jobLog = deps.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber });
  // Every request of the job, reads included, waits out GitHub's rate limits, within the cap and the job's signal.
  const octokit = withRequestRetries(client, { ...deps.githubRetry, log: jobLog, signal });
  const snapshot = job.pullRequest ?? (await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber));
  if ("open" in snapshot && !snapshot.open) return { kind: "skipped", reason: "closed" };
  const pullRequest: PullRequestInfo = {
    owner: job.owner, repo: job.repo, number: job.pullNumber, title: snapshot.title, body: snapshot.body, headSha: snapshot.headSha, baseSha: snapshot.baseSha,
  };
  const log = jobLog.child({ headSha: snapshot.headSha });
  const target = checkRunTarget(job, snapshot.headSha, deps);
  let configProblems: readonly string[] = [];
  let step = "looking up earlier reviews of this commit";
  let started: number | undefined;
  const permission: CheckRunPermission = { denied: false };
  try {
    const record = await reviewRecordOf(octokit, target, options, permission, log);
    if (!job.forced && record.completed !== undefined) {
      const done = record.completed;
      log.info({ checkRunId: done.checkRunId, conclusion: done.conclusion }, "commit already reviewed; not reviewing it again (Re-run forces a review)");
      if (job.command !== undefined) {
        step = "saying that the commit was already reviewed";
        await say(createConversationHost(octokit, target, log), job.command.replyTo, alreadyReviewedReply(snapshot.headSha));
      }
      return { kind: "skipped", reason: "already-reviewed" };
    }
    const liveForMs = options.concurrentRuns?.liveForMs;
    const running = liveForMs === undefined ? [] : record.inProgress.filter((run) => Date.now() - run.startedAt < liveForMs);
    if (running.length > 0) {
      log.info({ checkRunIds: running.map((run) => run.checkRunId) }, "a review of this commit is running in another workflow run; leaving the commit to it");
      return { kind: "skipped", reason: "running-elsewhere" };
    }
    const orphans = record.inProgress.map((run) => run.checkRunId);
    // A newer push already replaced this one: nothing to say on this commit. A timeout or a shutdown is still
    // reported, by the review's own check run.
    const reason: unknown = signal.reason;
    if (signal.aborted && reason instanceof ReviewInterrupted && reason.kind === "superseded") {
      log.info({ reason: reason.message }, "review dropped before it started");
      return { kind: "skipped", reason: "superseded" };
    }
    // Automatic reviews only: /review and Re-run are asked for, paused or not, and whoever opened the pull request.
    // The summary read here is the one the review starts from.
    const automatic = !job.forced && job.command === undefined;
    let summaryComment: ExistingComment | null | undefined;
    if (automatic) {
      step = "reading whether reviews are paused";
      summaryComment = (await createPullRequestHost(octokit, target).findSummaryComment()) ?? null;
      const paused = pausedState(summaryComment?.body);
      if (paused !== undefined) {
        log.info({ pausedBy: paused.by }, "automatic reviews of this pull request are paused; push not reviewed");
        step = "recording the paused review in a check run";
        await recordSkip(octokit, target, checkRunOutputForPaused(paused), options, permission, log);
        return { kind: "skipped", reason: "paused" };
      }
    }
    step = "reading the repository config";
    const loaded = await loadRepoConfig(options.configSource);
    const { problems } = loaded;
    configProblems = problems;
    if (problems.length > 0) log.warn({ problems }, "invalid repository config; using the defaults");
    const { config, notes: configNotes } = capRepoConfig(loaded.config, deps.settings.configCaps ?? DEFAULT_REPO_CONFIG_CAPS);
    if (configNotes.length > 0) log.info({ notes: configNotes }, "repository config lowered to the server's caps");
    if (snapshot.draft && !config.review_drafts && automatic) {
      log.info({}, "draft pull request not reviewed (review_drafts is false)");
      return { kind: "skipped", reason: "draft" };
    }
    step = "closing check runs left by a stopped review";
    await closeOrphanedCheckRuns(octokit, target, orphans, log);
    if (automatic) {
      step = "checking who gets automatic reviews (automatic_reviews)";
      const notAutomatic = await notReviewedAutomatically(octokit, job, snapshot, config.automatic_reviews, target, options.askForReview ?? "command", log);
      if (notAutomatic !== undefined) {
        step = "saying in the summary comment why the push was not reviewed";
        if (summaryWithNotAutomatic(summaryComment?.body, notAutomatic) !== undefined) {
          // Read again before writing, as a review does: a /pause may have changed the summary since it was read.
          const summaryHost = createPullRequestHost(octokit, target);
          const current = await summaryHost.findSummaryComment();
          const body = summaryWithNotAutomatic(current?.body, notAutomatic);
          if (body !== undefined) await summaryHost.writeSummaryComment(current, body);
        }
        step = "recording the push that was not reviewed in a check run";
        await recordSkip(octokit, target, checkRunOutputForNotAutomatic(notAutomatic), options, permission, log);
        return { kind: "skipped", reason: notAutomatic.reason };
      }
    }
    step = "checking the token budget";
    if (await refuseWhenBudgetSpent(octokit, deps, job, target, log)) return { kind: "skipped", reason: "budget-spent" };
    const learnings = config.learnings.enabled ? await lessonsFor(octokit, deps, job, target, config.commands.min_permission, log) : [];
    step = "preparing the model's budget";
    const budget = await deps.budget?.();
    step = "recording the review on GitHub";
    const resilient = withWriteRetries(createPullRequestHost(octokit, target), octokit, target, { ...deps.githubRetry, log, signal });
    const host = options.checkRuns === "if-permitted" ? withCheckRunsIfPermitted(resilient, permission, log) : resilient;
    deps.metrics?.reviewStarted();
    started = performance.now();
    const outcome = await reviewPullRequest(
      {
        pullRequest,
        config,
        configProblems: problems,
        configNotes,
        promptBudgetTokens: budget?.promptBudgetTokens ?? deps.settings.promptBudgetTokens,
        githubHost: deps.githubHost,
        // A re-run (or /review full) reviews the whole pull request again, not only the latest push.
        fullReview: job.forced || job.command?.full === true,
        learnings,
        automatic,
        ...(summaryComment === undefined ? {} : { summaryComment }),
        ...(deps.settings.agent === undefined ? {} : { agent: deps.settings.agent }),
      },
      {
        host, model: budgetedModel(deps, job, log), log, pause: yieldToEventLoop, ...(budget === undefined ? {} : { countTokens: budget.countTokens }),
        // Downloaded on first use only: a review that neither changes an exported symbol nor lets the model look
        // around costs no archive.
        snapshot: createGitHubRepositorySnapshot(octokit, { owner: job.owner, repo: job.repo, headSha: snapshot.headSha }, {
          log,
          ...(deps.snapshots === undefined ? {} : { cache: deps.snapshots }),
        }),
      },
      signal,
    );
    deps.metrics?.reviewFinished(resultOf(outcome.conclusion), (performance.now() - started) / 1000);
    const suppressed = outcome.report?.suppressed?.length ?? 0;
    if (suppressed > 0) deps.metrics?.findingsSuppressed?.(suppressed);
    recordVerification(deps, outcome);
    return { kind: "reviewed", outcome };
  } catch (error) {
    // The review itself ends every failure in its check run; this is what failed around it (lookup, config, or
    // GitHub refusing the check run itself): say so on the commit.
    if (started !== undefined) deps.metrics?.reviewFinished("failed", (performance.now() - started) / 1000);
    log.error({ err: error, step }, "review job failed");
    const reason = `${step} failed: ${describeError(error)}`;
    if (!permission.denied) {
      await createCompletedCheckRun(octokit, target, checkRunOutputForFailure(reason, configProblems)).catch((reportError: unknown) => {
        if (options.checkRuns === "if-permitted" && isPermissionDenied(reportError)) return;
        log.error({ err: reportError }, "could not record the failure in a check run");
      });
    }
    return { kind: "failed", error: reason };
  }
}
