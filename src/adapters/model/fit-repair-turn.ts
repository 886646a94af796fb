import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { estimateTokens } from "../../core/plan/estimate-tokens.js";
import { answerArguments, answerText, repairTurn } from "./repair-turn.js";
import { turnTokens, type FollowUpRoom } from "./turn-tokens.js";

/** Below this, a shortened answer shows the model too little of what it wrote to be worth a call. */
export const MIN_SHOWN_ANSWER_TOKENS = 64;

export type RepairRoom = FollowUpRoom;

export type FittedRepairTurn =
  | { readonly kind: "send"; readonly messages: ChatCompletionMessageParam[] }
  | { readonly kind: "skip"; readonly reason: string };

/** The longest start of `text` whose estimate is within `tokens`. */
function cutToTokens(text: string, tokens: number): string {
  let chars = Math.min(text.length, Math.floor(tokens * 3));
  while (chars > 0 && estimateTokens(text.slice(0, chars)) > tokens) chars -= Math.max(1, Math.floor(chars / 50));
  return text.slice(0, chars);
}

/**
 * The repair turn resends the whole prompt plus the model's answer (up to max_tokens long) and the
 * correction request, which can overflow a context the first prompt was packed to fill. When the whole answer
 * does not fit the budget, the turn shows only the call's arguments, cut to what fits; when not even a useful
 * start of them fits, there is no repair turn, and the reason says why.
 */
export function fitRepairTurn(completion: ChatCompletion, problem: string, toolName: string, room: RepairRoom): FittedRepairTurn {
  const left = room.promptBudgetTokens - room.promptTokens;
  const whole = repairTurn(completion, problem, toolName);
  if (turnTokens(whole) <= left) return { kind: "send", messages: whole };

  const args = answerArguments(completion);
  const note = (shown: number): string => `(My answer, shortened to its first ${shown} of ${args.length} characters:)\n`;
  const withoutAnswer = turnTokens(repairTurn(completion, problem, toolName, note(args.length)));
  const forAnswer = left - withoutAnswer;
  if (forAnswer < MIN_SHOWN_ANSWER_TOKENS) {
    return {
      kind: "skip",
      reason:
        `no repair turn: the prompt (${room.promptTokens} tokens) leaves ${Math.max(0, left)} of the ${room.promptBudgetTokens}-token prompt budget, ` +
        `too little to show the model its answer (${estimateTokens(answerText(completion))} tokens) and ask for a correction`,
    };
  }
  const shown = cutToTokens(args, forAnswer);
  const text = shown.length === args.length ? args : `${note(shown.length)}${shown} …`;
  return { kind: "send", messages: repairTurn(completion, problem, toolName, text) };
}

/** The first prompt's size when the server reported no usage: its messages and the tool definition sent with them. */
export function estimatePromptTokens(messages: readonly ChatCompletionMessageParam[], toolDefinition: unknown): number {
  return turnTokens(messages) + estimateTokens(JSON.stringify(toolDefinition));
}
