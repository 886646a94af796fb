import { APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelSettings } from "../../config/env.js";
import { describeError, ModelError } from "../../core/errors.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import type { ModelAnswer, ModelCall, ReviewModel } from "../../core/ports.js";
import type { PromptMessages } from "../../core/prompt/render-prompt.js";
import { buildChatRequest } from "./chat-request.js";
import { createCompleteChat, type TimedCompletion } from "./complete-chat.js";
import { betterAnswer, interpretAnswer } from "./interpret-answer.js";
import { repairTurn } from "./repair-turn.js";
import type { Sleep } from "./retry.js";

export interface OpenAIReviewModelOptions {
  readonly settings: ModelSettings;
  /** For tests and proxies: the fetch the SDK uses. */
  readonly fetch?: typeof fetch;
  /** For tests: how retries wait (default: an abortable timer). */
  readonly sleep?: Sleep;
}

function sumUsage(calls: readonly ModelCall[]): ModelAnswer["usage"] {
  return {
    promptTokens: calls.reduce((sum, call) => sum + call.usage.promptTokens, 0),
    completionTokens: calls.reduce((sum, call) => sum + call.usage.completionTokens, 0),
  };
}

/** Errors after which a repair turn is pointless: the review was cancelled, or every call would fail the same way. */
function endsTheAnswer(error: unknown, signal: AbortSignal | undefined): boolean {
  return (signal?.aborted ?? false) || error instanceof APIUserAbortError || (error instanceof ModelError && error.isConfigurationError);
}

/**
 * The model behind any OpenAI-compatible chat completions endpoint, asked to call `submit_review`. An answer
 * with no usable call, or with findings that break the schema, gets one repair turn: the model sees its own
 * answer and what was wrong, and the better of the two answers is kept.
 */
export function createOpenAIReviewModel(options: OpenAIReviewModelOptions): ReviewModel {
  const { settings } = options;
  const complete = createCompleteChat({ settings, fetch: options.fetch, sleep: options.sleep });

  return {
    name: settings.name,
    callLimits: { concurrency: settings.concurrency, reviewTimeoutMs: settings.reviewTimeoutMs },
    async review(messages: PromptMessages, signal?: AbortSignal): Promise<ModelAnswer> {
      const calls: ModelCall[] = [];
      const ask = async (conversation: readonly ChatCompletionMessageParam[], purpose: ModelCall["purpose"]): Promise<TimedCompletion> => {
        const answer = await complete(buildChatRequest(settings, conversation), signal);
        calls.push({ purpose, usage: answer.usage, durationMs: answer.durationMs });
        return answer;
      };
      const answered = (args: unknown): ModelAnswer => ({ args, usage: sumUsage(calls), calls });

      const conversation: ChatCompletionMessageParam[] = [
        { role: "system", content: messages.system },
        { role: "user", content: messages.user },
      ];
      const first = await ask(conversation, "review");
      const firstTry = interpretAnswer(first.completion);
      if (firstTry.usable && firstTry.problem === undefined) return answered(firstTry.args);
      const problem = firstTry.problem ?? "";

      let repaired: TimedCompletion;
      try {
        repaired = await ask([...conversation, ...repairTurn(first.completion, problem, REVIEW_TOOL.name)], "repair");
      } catch (error) {
        if (endsTheAnswer(error, signal)) throw error;
        if (firstTry.usable) return answered(firstTry.args);
        throw new ModelError("bad_output", `${problem}; the repair turn failed: ${describeError(error)}`, { cause: error });
      }
      const secondTry = interpretAnswer(repaired.completion);
      const best = betterAnswer(firstTry, secondTry);
      if (best?.usable) return answered(best.args);
      throw new ModelError("bad_output", `${problem}; still after a repair turn: ${secondTry.problem}`);
    },
  };
}
