import { notReviewedExternalIdFor } from "../adapters/github/check-run-external-id.js";
import { createCompletedCheckRun } from "../adapters/github/completed-check-run.js";
import type { GitHubClient, PullRequestTarget } from "../adapters/github/github-client.js";
import type { PullRequestJob } from "../adapters/jobs/review-job.js";
import { checkRunOutputForSpentBudget, commandLimitMessage, spentBudgetMessage } from "../core/budget/budget-messages.js";
import type { PersonCommandLimiter } from "../core/budget/command-limit.js";
import { budgetOwner, chargeChatTokens, chargeTokens, spentTokenBudget, TOKEN_BUDGET_ENV } from "../core/budget/token-budget.js";
import type { SpendingAdmission } from "../core/conversation/context.js";
import type { ChatModel, Logger, ReviewModel } from "../core/ports.js";
import type { EngineDependencies } from "./engine-dependencies.js";

type BudgetJob = Pick<PullRequestJob, "owner" | "repo"> & { readonly installationId?: number | undefined };

/**
 * INSTALLATION_DAILY_TOKEN_BUDGET, consulted once before a review's first model call. When the installation's
 * (or, without one, the repository's) tokens of the last 24 hours reached it, nothing is sent to the model and
 * a `neutral` check run says which budget and when it frees up; it records no review, so the commit is
 * reviewed by the next event after that. A review that starts under the budget finishes all its parts: the
 * overshoot is at most what the reviews running at that moment spend, each sending at most `max_prompt_tokens`
 * of diff (itself capped by MAX_PROMPT_TOKENS_CAP), resent with every tool round, repair or continuation turn of
 * its part (bounded by MODEL_MAX_TOOL_ROUNDS), and a bounded second look.
 */
export async function refuseWhenBudgetSpent(octokit: GitHubClient, deps: EngineDependencies, job: BudgetJob, target: PullRequestTarget, log: Logger): Promise<boolean> {
  if (deps.tokenBudget === undefined) return false;
  const spent = await spentTokenBudget(deps.tokenBudget, budgetOwner(job));
  if (spent === undefined) return false;
  deps.metrics?.budgetSpent("installation_daily_tokens");
  log.warn(
    { budget: TOKEN_BUDGET_ENV, owner: spent.owner.key, used: spent.used, limit: spent.limit, freesAt: new Date(spent.freesAt).toISOString() },
    "token budget spent: commit not reviewed, no model call made",
  );
  await createCompletedCheckRun(octokit, target, checkRunOutputForSpentBudget(spent, Date.now()), notReviewedExternalIdFor(target.pullNumber));
  return true;
}

/** The job's model: every answered request charged to the budget's ledger; the model itself without a budget. */
export function budgetedModel(deps: EngineDependencies, job: BudgetJob, log: Logger): ReviewModel {
  if (deps.tokenBudget === undefined) return deps.model;
  return chargeTokens(deps.model, deps.tokenBudget.ledger, budgetOwner(job), log);
}

/** The answering model of a comment's job, charged to the same budget as its reviews. */
export function budgetedChatModel(model: ChatModel, deps: EngineDependencies, job: BudgetJob, log: Logger): ChatModel {
  if (deps.tokenBudget === undefined) return model;
  return chargeChatTokens(model, deps.tokenBudget.ledger, budgetOwner(job), log);
}

/**
 * Before a model-spending command (`/review`, `/ask`, an answer in a review thread) from a person the gate let
 * in: the installation's daily tokens must not be spent (checked first: a refusal for it costs the person none
 * of their hourly commands), then PERSON_HOURLY_COMMAND_LIMIT counts the command.
 */
export function spendingAdmission(
  deps: EngineDependencies, limiter: PersonCommandLimiter | undefined, job: BudgetJob, log: Logger,
): (login: string) => Promise<SpendingAdmission> {
  return async (login) => {
    if (deps.tokenBudget !== undefined) {
      const spent = await spentTokenBudget(deps.tokenBudget, budgetOwner(job));
      if (spent !== undefined) {
        deps.metrics?.budgetSpent("installation_daily_tokens");
        log.warn({ budget: TOKEN_BUDGET_ENV, owner: spent.owner.key, used: spent.used, limit: spent.limit }, "token budget spent: command refused, no model call made");
        return { allowed: false, reason: spentBudgetMessage(spent, Date.now()) };
      }
    }
    if (limiter === undefined || limiter.limit === undefined || job.installationId === undefined) return { allowed: true };
    const admission = await limiter.tryConsume(job.installationId, login);
    if (admission.allowed) return { allowed: true };
    return { allowed: false, reason: commandLimitMessage(limiter.limit, admission.retryAt, Date.now()) };
  };
}
