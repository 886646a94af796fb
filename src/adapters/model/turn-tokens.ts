import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { estimateTokens } from "../../core/plan/estimate-tokens.js";

/** Role markers and separators the chat template adds around each message. */
export const MESSAGE_OVERHEAD_TOKENS = 8;

/** What the prompt budget leaves for a follow-up turn, which resends the first prompt and adds to it. */
export interface FollowUpRoom {
  /** The prompt budget in force (MODEL_PROMPT_BUDGET_TOKENS, lowered to the server's context when it reports one). */
  readonly promptBudgetTokens: number;
  /** What the first request's prompt took: the server's count when it reported usage, else an estimate. */
  readonly promptTokens: number;
}

/** An estimate of one message's tokens: its text, and the calls an assistant message replays. */
function messageTokens(message: ChatCompletionMessageParam): number {
  let tokens = MESSAGE_OVERHEAD_TOKENS + (typeof message.content === "string" ? estimateTokens(message.content) : 0);
  if (message.role === "assistant") {
    for (const call of message.tool_calls ?? []) {
      if (call.type === "function") tokens += MESSAGE_OVERHEAD_TOKENS + estimateTokens(call.function.name + call.function.arguments);
    }
  }
  return tokens;
}

/** An estimate of what `messages` add to a prompt. */
export function turnTokens(messages: readonly ChatCompletionMessageParam[]): number {
  return messages.reduce((sum, message) => sum + messageTokens(message), 0);
}
