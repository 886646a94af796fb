import type { ApplicationFunction, Context } from "probot";
import type { AppSettings } from "./config/env.js";
import { loadRepoConfig } from "./adapters/github/load-repo-config.js";
import { createPullRequestHost } from "./adapters/github/pull-request-host.js";
import type { JobRunner } from "./adapters/jobs/in-process-jobs.js";
import type { ReviewModel } from "./core/ports.js";
import type { PullRequestInfo } from "./core/prompt/render-prompt.js";
import { reviewPullRequest } from "./core/review.js";

export interface AppDependencies {
  readonly settings: AppSettings;
  readonly model: ReviewModel;
  readonly jobs: JobRunner;
}

/** The pull_request actions that mean "there is new code to review". */
export const REVIEW_TRIGGERS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof REVIEW_TRIGGERS)[number]>;

function pullRequestInfo(context: PullRequestContext): PullRequestInfo {
  const { pull_request: pr, repository } = context.payload;
  return {
    owner: repository.owner.login,
    repo: repository.name,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
  };
}

async function runReviewJob(context: PullRequestContext, deps: AppDependencies, pullRequest: PullRequestInfo): Promise<void> {
  const log = context.log.child({
    deliveryId: context.id,
    repo: `${pullRequest.owner}/${pullRequest.repo}`,
    pr: pullRequest.number,
    headSha: pullRequest.headSha,
  });
  const { config, problems } = await loadRepoConfig(context);
  if (problems.length > 0) log.warn({ problems }, "invalid repository config; using the defaults");
  if (context.payload.pull_request.draft && !config.review_drafts) {
    log.info({}, "draft pull request not reviewed (review_drafts is false)");
    return;
  }
  const host = createPullRequestHost(context.octokit, {
    owner: pullRequest.owner,
    repo: pullRequest.repo,
    pullNumber: pullRequest.number,
    headSha: pullRequest.headSha,
    checkRunName: deps.settings.checkRunName,
  });
  await reviewPullRequest(
    { pullRequest, config, configProblems: problems, promptBudgetTokens: deps.settings.model.promptBudgetTokens },
    { host, model: deps.model, log },
  );
}

/**
 * Wires GitHub events to the review. The handler only enqueues: GitHub gives a webhook 10 s, a review
 * takes the model's time, so the review runs as a job after the delivery is answered.
 */
export function createApp(deps: AppDependencies): ApplicationFunction {
  return (app) => {
    app.on([...REVIEW_TRIGGERS], async (context) => {
      if (context.payload.pull_request.state !== "open") return;
      const pullRequest = pullRequestInfo(context);
      const key = `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`;
      context.log.info({ deliveryId: context.id, key, headSha: pullRequest.headSha, action: context.payload.action }, "review queued");
      deps.jobs.enqueue(key, () => runReviewJob(context, deps, pullRequest));
    });
  };
}
