import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { continuationTurn, receivedFindings, type ContinuationAsk } from "./continuation-turn.js";
import { turnTokens, type FollowUpRoom } from "./turn-tokens.js";

export type FittedContinuationTurn =
  | { readonly kind: "send"; readonly messages: ChatCompletionMessageParam[] }
  | { readonly kind: "skip"; readonly reason: string };

/**
 * The continuation turn within what the first prompt left of the prompt budget: every finding received is
 * listed when that fits, else as many as fit (findings not listed may come again, and are merged away); when not
 * even the request alone fits, there is no continuation, and the reason says why.
 */
export function fitContinuationTurn(ask: ContinuationAsk, room: FollowUpRoom): FittedContinuationTurn {
  const left = room.promptBudgetTokens - room.promptTokens;
  let listed = receivedFindings(ask.received).length;
  for (;;) {
    const messages = continuationTurn(ask, listed);
    if (turnTokens(messages) <= left) return { kind: "send", messages };
    if (listed === 0) {
      return {
        kind: "skip",
        reason:
          `no continuation turn: the prompt (${room.promptTokens} tokens) leaves ${Math.max(0, left)} of the ${room.promptBudgetTokens}-token prompt budget, ` +
          "too little to ask for the rest",
      };
    }
    listed = Math.floor(listed / 2);
  }
}
