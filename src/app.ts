import type { ApplicationFunction, Probot } from "probot";
import type { AppDependencies } from "./app-dependencies.js";
import { pullNumberOfExternalId } from "./adapters/github/check-run-external-id.js";
import { installationConfigSource } from "./adapters/github/installation-config.js";
import { isConversationJob, reviewJobKey, type CommentJob, type CommitJob, type PullRequestJob, type ReviewJob } from "./adapters/jobs/review-job.js";
import { isBotActor } from "./core/conversation/actors.js";
import { mayBeForUs } from "./core/conversation/may-be-for-us.js";
import { isFromFork } from "./core/eligibility/automatic-reviews.js";
import type { Logger } from "./core/ports.js";
import { RERUN_ACTION } from "./core/publish/check-run-output.js";
import { deliveryIdFor, reviewPullRequestsOfCommit } from "./engine/commit-reviews.js";
import { reportNotStarted } from "./engine/report-not-started.js";
import { runReviewJob } from "./engine/run-review-job.js";
import { runCommentJob, runThreadJob } from "./engine/run-conversation-job.js";

export type { AppDependencies } from "./app-dependencies.js";
export type { ReviewBudget } from "./engine/engine-dependencies.js";

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
  readonly user: { readonly login: string } | null;
  readonly head: { readonly sha: string; readonly repo: { readonly id: number } | null };
  readonly base: { readonly sha: string; readonly repo: { readonly id: number } };
}

function pullRequestSnapshot(pr: PullRequestLike): NonNullable<PullRequestJob["pullRequest"]> {
  return {
    title: pr.title, body: pr.body ?? "", headSha: pr.head.sha, baseSha: pr.base.sha, draft: pr.draft ?? false,
    // A deleted account's pull request is GitHub's "ghost"'s, whom the collaborator API knows no role for.
    author: pr.user?.login ?? "ghost", fromFork: isFromFork(pr.head, pr.base),
  };
}

/** Queues the job; a refusal (shutting down) fails the delivery so GitHub shows it for redelivery. */
async function enqueue(deps: AppDependencies, job: ReviewJob, log: Logger, action: string): Promise<void> {
  const result = await deps.queue.enqueue(job);
  log.info({ deliveryId: job.deliveryId, key: reviewJobKey(job), headSha: job.pullRequest?.headSha ?? null, action, result }, isConversationJob(job) ? "comment queued" : "review queued");
  if (result === "refused") throw new Error("pr-reviewer is shutting down and takes no new reviews; redeliver this webhook later");
}

interface UserLike {
  readonly login: string;
  readonly id: number;
  readonly type?: string | undefined;
}

function commentJob(
  deliveryId: string, installationId: number, repository: { readonly owner: { readonly login: string }; readonly name: string }, pullNumber: number,
  comment: CommentJob["comment"],
): CommentJob {
  return { kind: "comment", deliveryId, installationId, owner: repository.owner.login, repo: repository.name, pullNumber, pullRequest: null, comment, forced: false, queuedAt: Date.now() };
}

/** A payload's user as an actor; none for a deleted account (GitHub's "ghost"), whose comments are not answered. */
function actor(user: UserLike | null | undefined): CommentJob["comment"]["author"] | undefined {
  return user === null || user === undefined ? undefined : { login: user.login, id: user.id, type: user.type ?? "User" };
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
  return pullNumberOfExternalId(checkRun.external_id);
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

    // People talk to the app in pull request comments. Only `created`: an edited comment runs nothing again. The
    // bot check here is cheap and certain (our own comments are a bot's); everything that needs the API (who we are,
    // the thread, the person's permission) happens in the job, after GitHub got its answer.
    app.on("issue_comment.created", async (context) => {
      const { issue, comment, repository, installation } = context.payload;
      const author = actor(comment.user);
      const sender = actor(context.payload.sender);
      if (issue.pull_request === undefined || installation === undefined || author === undefined || sender === undefined) return;
      if (isBotActor(sender) || isBotActor(author) || !mayBeForUs(comment.body, false)) return;
      const job = commentJob(context.id, installation.id, repository, issue.number, {
        kind: "issue", id: comment.id, body: comment.body, author, pullRequestAuthor: issue.user?.login ?? "",
      });
      await enqueue(deps, job, context.log, "issue_comment.created");
    });

    app.on("pull_request_review_comment.created", async (context) => {
      const { pull_request: pr, comment, repository, installation } = context.payload;
      const author = actor(comment.user);
      const sender = actor(context.payload.sender);
      if (installation === undefined || author === undefined || sender === undefined || isBotActor(sender) || isBotActor(author)) return;
      const inReplyTo = comment.in_reply_to_id ?? undefined;
      if (!mayBeForUs(comment.body, inReplyTo !== undefined)) return;
      const job = commentJob(context.id, installation.id, repository, pr.number, {
        kind: "review", id: comment.id, body: comment.body, author, pullRequestAuthor: pr.user?.login ?? "",
        ...(inReplyTo === undefined ? {} : { inReplyTo }),
      });
      await enqueue(deps, job, context.log, "pull_request_review_comment.created");
    });

    // A person resolving one of our threads teaches the app; it is also when 👍/👎 on the PR's findings are read
    // (GitHub sends no webhook for reactions).
    app.on("pull_request_review_thread.resolved", async (context) => {
      const { pull_request: pr, thread, repository, installation } = context.payload;
      const sender = actor(context.payload.sender);
      const rootId = thread.comments[0]?.id;
      if (installation === undefined || rootId === undefined || sender === undefined || isBotActor(sender)) return;
      await enqueue(deps, {
        kind: "thread-resolved", deliveryId: context.id, installationId: installation.id, owner: repository.owner.login, repo: repository.name,
        pullNumber: pr.number, pullRequest: null, rootId, resolvedBy: { login: sender.login, type: sender.type }, forced: false, queuedAt: Date.now(),
      }, context.log, "pull_request_review_thread.resolved");
    });

    await deps.queue.start({
      process: (job, signal) => processJob(app, deps, job, signal),
      notStarted: (job, reason) => reportJobNotStarted(app, deps, job, reason),
    });
  };
}

/** The App's shell around the engine: each job runs with its installation's client, after its delivery was answered. */
async function processJob(app: Probot, deps: AppDependencies, job: ReviewJob, signal: AbortSignal): Promise<void> {
  const octokit = await app.auth(job.installationId);
  const configSource = installationConfigSource(octokit, job.owner, job.repo);
  if (job.kind === "comment") {
    const { review } = await runCommentJob(octokit, deps, deps.conversation, job, signal, { configSource });
    if (review !== undefined) await enqueue(deps, review, deps.log.child({ repo: `${job.owner}/${job.repo}`, pr: job.pullNumber }), "/review");
    return;
  }
  if (job.kind === "thread-resolved") {
    await runThreadJob(octokit, deps, deps.conversation, job, signal, { configSource });
    return;
  }
  if (job.pullNumber === null) {
    await reviewPullRequestsOfCommit(octokit, deps, deps.queue, job);
    return;
  }
  await runReviewJob(octokit, deps, job, signal, { configSource });
}

async function reportJobNotStarted(app: Probot, deps: AppDependencies, job: ReviewJob, reason: string): Promise<void> {
  if (isConversationJob(job)) {
    // No check run belongs to a comment; GitHub shows the delivery, and the person may ask again.
    deps.log.warn({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber, reason }, "comment not answered");
    return;
  }
  if (job.pullNumber === null) {
    // No pull request is known yet, so there is no check run to write it in; GitHub shows the delivery.
    deps.log.warn({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, headSha: job.commitSha, reason }, "check suite re-run not started");
    return;
  }
  await reportNotStarted(await app.auth(job.installationId), deps, job, reason);
}
