import { resolve } from "node:path";
import type { Logger } from "pino";
import { qwen3TokenCounter } from "../adapters/tokenizer/qwen3-token-counter.js";
import { parseAppSettings } from "../config/env.js";
import { evalReviewer } from "../engine/review-eval-case.js";
import { createReviewModel, reviewBudgetSource } from "../engine/review-budget.js";
import { EVAL_EXIT, parseEvalArgs } from "./eval-args.js";
import { runEvalCommand } from "./eval-command.js";
import type { CliStreams } from "./review-command.js";

export interface EvalContext extends CliStreams {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/**
 * `pr-reviewer eval`: every case of the dataset reviewed through the local door — the same pipeline as the App's
 * and `pr-reviewer review`'s — against the model of the App's settings, then scored.
 */
export async function runEvalSubcommand(argv: readonly string[], context: EvalContext): Promise<number> {
  const parsed = parseEvalArgs(argv);
  if (parsed.kind === "help") {
    context.stdout.write(`${parsed.text}\n`);
    return EVAL_EXIT.ok;
  }
  if (parsed.kind === "usage-error") {
    context.stderr.write(`pr-reviewer eval: ${parsed.message}\n`);
    return parsed.exitCode;
  }
  const { settings, problems } = parseAppSettings(context.env);
  if (settings === undefined) {
    context.stderr.write(`pr-reviewer eval: the model is not set up:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    return EVAL_EXIT.usage;
  }
  const budget = reviewBudgetSource(settings.model, context.log, qwen3TokenCounter(context.log));
  const reviewCase = evalReviewer({
    model: createReviewModel(settings.model, budget), budget, promptBudgetTokens: settings.model.promptBudgetTokens, agent: settings.agent, log: context.log,
  });
  return runEvalCommand(
    { ...parsed.command, dataset: resolve(context.cwd, parsed.command.dataset) },
    {
      reviewCase,
      env: context.env,
      stdout: (text) => context.stdout.write(text),
      stderr: (text) => context.stderr.write(text),
      progress: context.stderr.isTTY === true,
      signal: context.signal,
    },
  );
}
