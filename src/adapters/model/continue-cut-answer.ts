import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { describeError } from "../../core/errors.js";
import { REVIEW_TOOL, type ToolDefinition } from "../../core/findings/review-tool.js";
import type { ModelCall } from "../../core/ports.js";
import type { TimedCompletion } from "./complete-chat.js";
import { fitContinuationTurn } from "./fit-continuation-turn.js";
import { cutShort, settingsRejected } from "./follow-up-failure.js";
import { interpretAnswer, type AnswerCut, type Received } from "./interpret-answer.js";
import { mergeReceived } from "./merge-received.js";
import type { FollowUpRoom } from "./turn-tokens.js";

/** Continuation turns an answer may take; each must bring at least one new whole finding to earn the next. */
export const MAX_CONTINUATIONS = 2;

/** One request: the conversation, why it is made, and the tools offered besides `submit_review` (none by default). */
export type Ask = (
  conversation: readonly ChatCompletionMessageParam[],
  purpose: ModelCall["purpose"],
  offered?: readonly ToolDefinition[],
) => Promise<TimedCompletion>;

export interface ContinueOptions {
  readonly ask: Ask;
  /** The first prompt (system and user messages), which every continuation turn follows. */
  readonly prompt: readonly ChatCompletionMessageParam[];
  readonly room: FollowUpRoom;
  readonly signal?: AbortSignal | undefined;
}

export interface Continued {
  readonly received: Received;
  /** Why the answer stayed incomplete, when the rest could not be had. */
  readonly incomplete?: string;
}

/**
 * Asks for the rest of a cut-off answer until it arrives whole: each continuation turn lists what arrived and
 * asks for only the findings not yet submitted, and the answers are merged without repeats. When the rest
 * cannot be had — the turn does not fit the budget, fails, is cut short, comes back unusable, or is cut off
 * again without a new finding or too often — what arrived is kept and `incomplete` says why.
 * Errors that mean the key or model no longer work are thrown.
 */
export async function continueCutAnswer(first: Received, cut: AnswerCut, options: ContinueOptions): Promise<Continued> {
  let received = first;
  let lastCut = cut;
  const incomplete = (why: string): Continued => ({ received, incomplete: `${cut.sign}; ${why}` });

  for (let turn = 1; turn <= MAX_CONTINUATIONS; turn += 1) {
    const fitted = fitContinuationTurn({ toolName: REVIEW_TOOL.name, cut: lastCut, received }, options.room);
    if (fitted.kind === "skip") return incomplete(fitted.reason);
    let reply: TimedCompletion;
    try {
      reply = await options.ask([...options.prompt, ...fitted.messages], "continuation");
    } catch (error) {
      if (settingsRejected(error)) throw error;
      if (cutShort(error, options.signal)) return incomplete("the continuation turn was cut short");
      return incomplete(`the continuation turn failed: ${describeError(error)}`);
    }
    const next = interpretAnswer(reply.completion);
    if (!next.usable) return incomplete(`the continuation answer could not be used: ${next.problem}`);
    const merged = mergeReceived(received, next.received, next.cut === undefined);
    received = merged.received;
    if (next.cut === undefined) return { received };
    if (merged.added === 0) return incomplete(`the continuation was cut off too (${next.cut.sign}) before a new finding arrived whole`);
    lastCut = next.cut;
  }
  return incomplete(`still cut off after ${MAX_CONTINUATIONS} continuation turns`);
}
