import { callsSpentBefore, describeError } from "../errors.js";
import type { ChatModel, Logger, ReviewModel } from "../ports.js";
import type { TokenUsage } from "../publish/review-report.js";
import type { RollingWindow } from "./rolling-window.js";

export const TOKEN_BUDGET_ENV = "INSTALLATION_DAILY_TOKEN_BUDGET";

/** INSTALLATION_DAILY_TOKEN_BUDGET and the ledger of what was spent over the last 24 hours (a day-long window). */
export interface TokenBudget {
  readonly dailyTokens: number;
  readonly ledger: RollingWindow;
}

/**
 * Whose tokens a review spends: its GitHub App installation's, or, for a door without one (the Action, the
 * command line), its repository's.
 */
export interface BudgetOwner {
  readonly kind: "installation" | "repository";
  /** The ledger key. */
  readonly key: string;
}

export function budgetOwner(job: { readonly installationId?: number | undefined; readonly owner: string; readonly repo: string }): BudgetOwner {
  // GitHub's installation ids are positive; the Action's jobs carry 0, having none.
  if (job.installationId !== undefined && job.installationId > 0) return { kind: "installation", key: `installation:${job.installationId}` };
  // Owner and repository names are case-insensitive on GitHub.
  return { kind: "repository", key: `repository:${job.owner.toLowerCase()}/${job.repo.toLowerCase()}` };
}

export interface SpentBudget {
  readonly owner: BudgetOwner;
  readonly limit: number;
  /** Tokens charged to the owner over the last 24 hours. */
  readonly used: number;
  /** Epoch milliseconds when enough of the oldest usage leaves the window for the owner to be under the budget. */
  readonly freesAt: number;
}

/** Undefined while the owner is under its budget; a review that starts under it may finish. */
export async function spentTokenBudget(budget: TokenBudget, owner: BudgetOwner): Promise<SpentBudget | undefined> {
  const admission = await budget.ledger.check(owner.key, budget.dailyTokens, 1);
  if (admission.allowed) return undefined;
  return { owner, limit: budget.dailyTokens, used: admission.used, freesAt: admission.freesAt };
}

function total(usage: TokenUsage): number {
  return usage.promptTokens + usage.completionTokens;
}

/**
 * The model, charging every answered request's real tokens to `owner`, those of answers that failed in the
 * end too (the server served them). A ledger that cannot be written is logged, and the review goes on: its
 * tokens are spent either way.
 */
function ledgerCharge(ledger: RollingWindow, owner: BudgetOwner, log: Logger): (tokens: number) => Promise<void> {
  return async (tokens) => {
    if (tokens <= 0) return;
    try {
      await ledger.add(owner.key, tokens);
    } catch (error) {
      log.error({ err: error, budget: owner.key, tokens, reason: describeError(error) }, "could not charge model tokens to the budget");
    }
  };
}

export function chargeTokens(model: ReviewModel, ledger: RollingWindow, owner: BudgetOwner, log: Logger): ReviewModel {
  const charge = ledgerCharge(ledger, owner, log);
  return {
    name: model.name,
    ...(model.callLimits !== undefined ? { callLimits: model.callLimits } : {}),
    async review(messages, signal, tools) {
      try {
        const answer = await model.review(messages, signal, tools);
        await charge(total(answer.usage));
        return answer;
      } catch (error) {
        await charge(callsSpentBefore(error).reduce((sum, call) => sum + total(call.usage), 0));
        throw error;
      }
    },
  };
}

/** The answering model (`/ask`, answers in review threads), charging the same budget as reviews do. */
export function chargeChatTokens(model: ChatModel, ledger: RollingWindow, owner: BudgetOwner, log: Logger): ChatModel {
  const charge = ledgerCharge(ledger, owner, log);
  return {
    name: model.name,
    async answer(messages, signal) {
      try {
        const answer = await model.answer(messages, signal);
        await charge(total(answer.usage));
        return answer;
      } catch (error) {
        await charge(callsSpentBefore(error).reduce((sum, call) => sum + total(call.usage), 0));
        throw error;
      }
    },
  };
}
