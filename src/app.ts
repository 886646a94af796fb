import type { ApplicationFunction, Context } from "probot";
import type { AppSettings } from "./config/env.js";
import { loadRepoConfig } from "./adapters/github/load-repo-config.js";
import { createPullRequestHost, type GitHubClient } from "./adapters/github/pull-request-host.js";
import type { JobRunner } from "./adapters/jobs/in-process-jobs.js";
import type { CountTokens } from "./core/plan/count-tokens.js";
import type { ReviewModel } from "./core/ports.js";
import type { PullRequestInfo } from "./core/prompt/render-prompt.js";
import { RERUN_ACTION } from "./core/publish/check-run-output.js";
import { reviewPullRequest } from "./core/review.js";

export interface AppDependencies {
  readonly settings: AppSettings;
  readonly model: ReviewModel;
  readonly jobs: JobRunner;
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

/** What a review job needs of the delivery that started it; the review runs after the delivery is answered. */
interface JobContext {
  readonly id: string;
  readonly octokit: GitHubClient;
  readonly log: Context["log"];
  readonly config: Context["config"];
}

interface ReviewTarget {
  readonly pullRequest: PullRequestInfo;
  readonly draft: boolean;
  /** An explicit request (GitHub's "Re-run" button) reviews even a draft. */
  readonly requested: boolean;
}

interface PullRequestLike {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly draft?: boolean | undefined;
  readonly head: { readonly sha: string };
  readonly base: { readonly sha: string };
}

function pullRequestInfo(owner: string, repo: string, pr: PullRequestLike): PullRequestInfo {
  return { owner, repo, number: pr.number, title: pr.title, body: pr.body ?? "", headSha: pr.head.sha, baseSha: pr.base.sha };
}

async function runReviewJob(context: JobContext, deps: AppDependencies, target: ReviewTarget): Promise<void> {
  const { pullRequest } = target;
  const log = context.log.child({
    deliveryId: context.id,
    repo: `${pullRequest.owner}/${pullRequest.repo}`,
    pr: pullRequest.number,
    headSha: pullRequest.headSha,
  });
  const { config, problems } = await loadRepoConfig(context);
  if (problems.length > 0) log.warn({ problems }, "invalid repository config; using the defaults");
  if (target.draft && !config.review_drafts && !target.requested) {
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
  const budget = await deps.budget?.();
  await reviewPullRequest(
    {
      pullRequest,
      config,
      configProblems: problems,
      promptBudgetTokens: budget?.promptBudgetTokens ?? deps.settings.model.promptBudgetTokens,
      fullReview: target.requested,
    },
    { host, model: deps.model, log, ...(budget === undefined ? {} : { countTokens: budget.countTokens }) },
  );
}

/** Our check runs carry the PR number in external_id because fork PRs leave `pull_requests` empty. */
function pullNumberOfCheckRun(checkRun: { readonly external_id: string | null; readonly pull_requests: ReadonlyArray<{ readonly number: number }> }): number | undefined {
  const fromList = checkRun.pull_requests[0]?.number;
  if (fromList !== undefined) return fromList;
  const match = /^pr-(\d+)$/.exec(checkRun.external_id ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Wires GitHub events to the review. Handlers only enqueue: GitHub gives a webhook 10 s, a review takes the
 * model's time, so the review runs as a job after the delivery is answered.
 */
export function createApp(deps: AppDependencies): ApplicationFunction {
  return (app) => {
    app.on([...REVIEW_TRIGGERS], async (context) => {
      const { pull_request: pr, repository } = context.payload;
      if (pr.state !== "open") return;
      const pullRequest = pullRequestInfo(repository.owner.login, repository.name, pr);
      const key = `${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number}`;
      context.log.info({ deliveryId: context.id, key, headSha: pullRequest.headSha, action: context.payload.action }, "review queued");
      deps.jobs.enqueue(key, () => runReviewJob(context, deps, { pullRequest, draft: pr.draft ?? false, requested: false }));
    });

    // GitHub's "Re-run" and our "Re-run review" button on our check run: a fresh full review of the pull
    // request's current head, which the job looks up (the check run may belong to an older commit).
    app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
      const { check_run: checkRun, repository } = context.payload;
      if (checkRun.name !== deps.settings.checkRunName) return;
      if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== RERUN_ACTION.identifier) return;
      const pullNumber = pullNumberOfCheckRun(checkRun);
      if (pullNumber === undefined) {
        context.log.warn({ deliveryId: context.id, checkRunId: checkRun.id }, "re-run requested for a check run without a pull request");
        return;
      }
      const owner = repository.owner.login;
      const key = `${owner}/${repository.name}#${pullNumber}`;
      context.log.info({ deliveryId: context.id, key, action: context.payload.action }, "review queued");
      deps.jobs.enqueue(key, async () => {
        const { data: pr } = await context.octokit.rest.pulls.get({ owner, repo: repository.name, pull_number: pullNumber });
        if (pr.state !== "open") return;
        await runReviewJob(context, deps, { pullRequest: pullRequestInfo(owner, repository.name, pr), draft: pr.draft ?? false, requested: true });
      });
    });
  };
}
