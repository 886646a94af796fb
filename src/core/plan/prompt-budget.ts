import { REVIEW_TOOL } from "../findings/review-tool.js";
import type { CountTokens } from "./count-tokens.js";

export interface PromptBudgetInput {
  /** The operator's budget for one call's prompt (MODEL_PROMPT_BUDGET_TOKENS). */
  readonly configuredTokens: number;
  /** The context length the server reports (vLLM's `max_model_len`), when it reports one. */
  readonly serverContextTokens: number | undefined;
  /** `max_tokens` sent with every call: the server counts it against the context length too. */
  readonly maxOutputTokens: number;
}

/**
 * Chat templates wrap the messages and the tool schema in tokens the prompt text does not show; this
 * margin keeps a prompt that fits on paper from being refused by the server.
 */
export const TEMPLATE_MARGIN_TOKENS = 1_024;

/**
 * The prompt budget of one model call: the configured one, lowered to what the server can take once the
 * answer's room is set aside. A server that reports no limit (hosted APIs) leaves the configured budget.
 */
export function promptBudget(input: PromptBudgetInput): number {
  if (input.serverContextTokens === undefined) return input.configuredTokens;
  const room = input.serverContextTokens - input.maxOutputTokens - TEMPLATE_MARGIN_TOKENS;
  return Math.max(1, Math.min(input.configuredTokens, room));
}

/**
 * The `submit_review` definition travels with every call (the chat template renders it into the prompt) and
 * counts against the context like the messages do: ≈430 tokens that the prompt text does not show.
 */
export function toolDefinitionTokens(countTokens: CountTokens): number {
  return countTokens(JSON.stringify({ type: "function", function: REVIEW_TOOL }));
}
