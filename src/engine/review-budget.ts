import { modelContextLengthSource } from "../adapters/model/model-limits.js";
import { createOpenAIReviewModel } from "../adapters/model/openai-review-model.js";
import type { ModelSettings } from "../config/env.js";
import type { CountTokens } from "../core/plan/count-tokens.js";
import { promptBudget } from "../core/plan/prompt-budget.js";
import type { Logger, ReviewModel } from "../core/ports.js";
import type { ReviewBudget } from "./engine-dependencies.js";

/**
 * Each review's budget: the configured one, capped by the context length the model server reports (asked until
 * it answers), counted with `tokenCounter` — the model's own tokenizer in the App and on the command line, the
 * character estimate in the bundled Action (the tokenizer's vocabulary is 84 MB).
 */
export function reviewBudgetSource(model: ModelSettings, log: Logger, tokenCounter: () => Promise<CountTokens>): () => Promise<ReviewBudget> {
  const contextLength = modelContextLengthSource({ baseUrl: model.baseUrl, apiKey: model.apiKey, model: model.name });
  let logged: number | undefined;
  return async () => {
    const [length, countTokens] = await Promise.all([contextLength(), tokenCounter()]);
    const promptBudgetTokens = promptBudget({
      configuredTokens: model.promptBudgetTokens,
      serverContextTokens: length.known ? length.tokens : undefined,
      maxOutputTokens: model.maxOutputTokens,
    });
    if (promptBudgetTokens !== logged) {
      logged = promptBudgetTokens;
      log.info({ promptBudgetTokens, serverContextTokens: length.known ? length.tokens : null, ...(length.known ? {} : { reason: length.reason }) }, "prompt budget");
    }
    return { promptBudgetTokens, countTokens };
  };
}

/** The model behind the configured endpoint; a repair turn must fit the same budget as the prompts it repeats. */
export function createReviewModel(model: ModelSettings, budget: () => Promise<ReviewBudget>): ReviewModel {
  return createOpenAIReviewModel({ settings: model, promptBudgetTokens: async () => (await budget()).promptBudgetTokens });
}
