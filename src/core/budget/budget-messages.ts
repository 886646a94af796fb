import type { CheckRunOutput } from "../publish/check-run-output.js";
import { COMMAND_LIMIT_ENV } from "./command-limit.js";
import { TOKEN_BUDGET_ENV, type SpentBudget } from "./token-budget.js";

/** `2025-06-01 14:05 UTC`: the same moment for every reader, whatever their time zone. */
export function utcMinute(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `in 3 h 12 min`, rounded up to the minute so that trying at that time works. */
export function timeUntil(epochMs: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((epochMs - now) / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `in ${rest} min`;
  return rest === 0 ? `in ${hours} h` : `in ${hours} h ${rest} min`;
}

function tokens(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * The check run of a commit not reviewed because its installation's tokens are spent: `neutral` (nothing is
 * wrong with the code), naming the budget and when it frees up.
 */
export function checkRunOutputForSpentBudget(spent: SpentBudget, now: number): CheckRunOutput {
  const whose = spent.owner.kind === "installation" ? "this GitHub App installation" : "this repository";
  return {
    conclusion: "neutral",
    title: `Not reviewed: ${TOKEN_BUDGET_ENV} spent until ${utcMinute(spent.freesAt)}`,
    summary: [
      `This commit was not reviewed and no model call was made: the model tokens used by ${whose} in the last 24 hours ` +
        `(${tokens(spent.used)}) reached its daily budget, \`${TOKEN_BUDGET_ENV}\` (${tokens(spent.limit)}), which the operator of this reviewer sets.`,
      `The budget frees up at **${utcMinute(spent.freesAt)}** (${timeUntil(spent.freesAt, now)}), when enough of the oldest usage ` +
        "leaves the 24-hour window. Press **Re-run** after that to review this commit; pushes after that time are reviewed as usual.",
    ].join("\n\n"),
  };
}

/** The answer to a person whose model-spending commands for this hour are used up. */
export function commandLimitMessage(limit: number, retryAt: Date, now: number): string {
  return (
    `You have run ${limit} model-spending commands in the last hour, the limit per person (\`${COMMAND_LIMIT_ENV}\`). ` +
    `Try again after ${utcMinute(retryAt.getTime())} (${timeUntil(retryAt.getTime(), now)}).`
  );
}
