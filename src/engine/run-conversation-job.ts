import { createConversationHost } from "../adapters/github/conversation-host.js";
import type { GitHubClient } from "../adapters/github/github-client.js";
import type { RepoConfigSource } from "../adapters/github/installation-config.js";
import { loadRepoConfig } from "../adapters/github/load-repo-config.js";
import { withRequestRetries } from "../adapters/github/request-retries.js";
import type { CommentJob, PullRequestJob, ThreadJob } from "../adapters/jobs/review-job.js";
import type { ReviewMetrics } from "../adapters/metrics/review-metrics.js";
import type { AppIdentity } from "../core/conversation/actors.js";
import { ANSWER_PROMPT_VERSION } from "../core/conversation/answer-prompt.js";
import { respondToComment, type CommentResult } from "../core/conversation/respond.js";
import { harvestReactions, learnFromResolvedThread } from "../core/learnings/harvest.js";
import { repositoryKey, type LearningStore } from "../core/learnings/learning-store.js";
import type { PersonCommandLimiter } from "../core/budget/command-limit.js";
import { capRepoConfig, DEFAULT_REPO_CONFIG_CAPS } from "../core/config/config-caps.js";
import type { ChatModel } from "../core/ports.js";
import type { EngineDependencies } from "./engine-dependencies.js";
import { budgetedChatModel, spendingAdmission } from "./token-budget-gate.js";

/** What answering people needs beyond a review's dependencies. */
export interface ConversationDependencies {
  readonly store: LearningStore;
  /** This app's id and slug (`GET /app`): its comments are recognised by its bot user, its mention by the slug. */
  readonly identity: () => Promise<AppIdentity>;
  readonly chatModel: ChatModel;
  /** The app's version, shown by /help. */
  readonly version: string;
  readonly metrics?: Pick<ReviewMetrics, "commandHandled" | "threadAnswered">;
  /** PERSON_HOURLY_COMMAND_LIMIT: counted for `/review`, `/ask` and thread answers; unlimited when not given. */
  readonly commandLimiter?: PersonCommandLimiter;
}

export interface ConversationJobOptions {
  readonly configSource: RepoConfigSource;
}

export interface CommentJobOutcome {
  readonly result: CommentResult;
  /** `/review` was accepted: the review job to queue (behind or instead of the pull request's waiting one). */
  readonly review?: PullRequestJob;
}

function target(job: CommentJob | ThreadJob, deps: EngineDependencies) {
  return {
    owner: job.owner, repo: job.repo, pullNumber: job.pullNumber, checkRunName: deps.settings.checkRunName,
    ...(deps.appId === undefined ? {} : { appId: deps.appId }), ...(deps.author === undefined ? {} : { author: deps.author }),
  };
}

/**
 * A person's comment, after its delivery was answered: the command it gives or the answer it asks for
 * (`respondToComment`), with the repository's config from the default branch. Failures are logged and counted,
 * never retried: a second answer to the same comment would be worse than none.
 */
export async function runCommentJob(
  client: GitHubClient, deps: EngineDependencies, conversation: ConversationDependencies, job: CommentJob, signal: AbortSignal, options: ConversationJobOptions,
): Promise<CommentJobOutcome> {
  const log = deps.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber, commentId: job.comment.id, by: job.comment.author.login });
  // Like a review's, every request waits out GitHub's rate limits, within the cap and the job's signal.
  const octokit = withRequestRetries(client, { ...deps.githubRetry, log, signal });
  const host = createConversationHost(octokit, target(job, deps), log);
  let result: CommentResult;
  try {
    const [identity, loaded, budget] = await Promise.all([conversation.identity(), loadRepoConfig(options.configSource), deps.budget?.()]);
    // The config a review would use: /help shows it, and /ask's diff is cut as a review's is.
    const { config } = capRepoConfig(loaded.config, deps.settings.configCaps ?? DEFAULT_REPO_CONFIG_CAPS);
    result = await respondToComment(
      { ...job.comment, pullNumber: job.pullNumber },
      {
        host, model: budgetedChatModel(conversation.chatModel, deps, job, log), store: conversation.store, identity, config, configProblems: loaded.problems,
        admitSpending: spendingAdmission(deps, conversation.commandLimiter, job, log),
        repository: repositoryKey(job.owner, job.repo), log, version: conversation.version,
        promptBudgetTokens: budget?.promptBudgetTokens ?? deps.settings.promptBudgetTokens, now: Date.now, signal,
        policy: { githubHost: deps.githubHost },
      },
    );
  } catch (error) {
    log.error({ err: error }, "could not respond to a comment");
    result = { action: "none", outcome: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  log.info({ action: result.action, outcome: result.outcome, reason: result.reason ?? null, promptVersion: ANSWER_PROMPT_VERSION, ...(result.usage ?? {}) }, "comment handled");
  if (result.action === "answer") conversation.metrics?.threadAnswered(result.outcome);
  else if (result.action !== "none") conversation.metrics?.commandHandled(result.action, result.outcome);
  if (result.review === undefined) return { result };
  const pullRequest = await host.pullRequest();
  if (!pullRequest.open) return { result };
  const review: PullRequestJob = {
    deliveryId: `${job.deliveryId}/review`,
    installationId: job.installationId,
    owner: job.owner,
    repo: job.repo,
    pullNumber: job.pullNumber,
    pullRequest: { title: pullRequest.title, body: pullRequest.body, headSha: pullRequest.headSha, baseSha: pullRequest.baseSha, draft: pullRequest.draft },
    // `/review full` reviews everything again even on a reviewed head; `/review` says when there is nothing new.
    forced: result.review.full,
    command: result.review,
    queuedAt: Date.now(),
  };
  return { result, review };
}

/**
 * A review thread was resolved: one of ours resolved by a person on unchanged lines is a lesson; and it is a
 * moment to read the 👍/👎 given on the pull request's findings since the last look.
 */
export async function runThreadJob(
  client: GitHubClient, deps: EngineDependencies, conversation: ConversationDependencies, job: ThreadJob, signal: AbortSignal, options: ConversationJobOptions,
): Promise<void> {
  const log = deps.log.child({ deliveryId: job.deliveryId, repo: `${job.owner}/${job.repo}`, pr: job.pullNumber, thread: job.rootId });
  const octokit = withRequestRetries(client, { ...deps.githubRetry, log, signal });
  try {
    const { config } = await loadRepoConfig(options.configSource);
    if (!config.learnings.enabled) return;
    const ctx = {
      host: createConversationHost(octokit, target(job, deps), log),
      store: conversation.store,
      identity: await conversation.identity(),
      repository: repositoryKey(job.owner, job.repo),
      minPermission: config.commands.min_permission,
      log,
      now: Date.now,
    };
    await learnFromResolvedThread({ rootId: job.rootId, resolvedBy: job.resolvedBy, pullNumber: job.pullNumber }, ctx);
    await harvestReactions(ctx);
  } catch (error) {
    log.error({ err: error }, "could not learn from a resolved thread");
  }
}
