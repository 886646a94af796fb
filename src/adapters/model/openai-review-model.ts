import { APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelSettings } from "../../config/env.js";
import { describeError, ModelError } from "../../core/errors.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import type { ModelAnswer, ModelCall, ReviewModel } from "../../core/ports.js";
import type { PromptMessages } from "../../core/prompt/render-prompt.js";
import { buildChatRequest } from "./chat-request.js";
import { createCompleteChat, type TimedCompletion } from "./complete-chat.js";
import { estimatePromptTokens, fitRepairTurn } from "./fit-repair-turn.js";
import { betterAnswer, interpretAnswer } from "./interpret-answer.js";
import type { Sleep } from "./retry.js";

export interface OpenAIReviewModelOptions {
  readonly settings: ModelSettings;
  /**
   * The prompt budget in force (MODEL_PROMPT_BUDGET_TOKENS lowered to the server's context length), which a
   * repair turn must fit too; `settings.promptBudgetTokens` when not given.
   */
  readonly promptBudgetTokens?: () => Promise<number>;
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

/**
 * A key or model that stops working ends the answer (and the review). A 400 does not: the first request with the
 * same settings was accepted, so a refused repair turn is about its content (e.g. its length), not the settings.
 */
function settingsRejected(error: unknown): boolean {
  return error instanceof ModelError && (error.kind === "auth" || error.kind === "not_found");
}

/** The same error, carrying the requests already answered, so that their tokens are still counted. */
function withCalls(error: unknown, calls: readonly ModelCall[]): unknown {
  return error instanceof ModelError ? new ModelError(error.kind, error.message, { cause: error.cause, calls: [...calls] }) : error;
}

/**
 * The model behind any OpenAI-compatible chat completions endpoint, asked to call `submit_review`. An answer
 * with no usable call, or with findings that break the schema, gets one repair turn: the model sees its own
 * answer (shortened when the whole would overflow the prompt budget) and what was wrong, and the better of the
 * two answers is kept. Every failure after the first answer carries the answered requests (`ModelError.calls`).
 */
export function createOpenAIReviewModel(options: OpenAIReviewModelOptions): ReviewModel {
  const { settings } = options;
  const complete = createCompleteChat({ settings, fetch: options.fetch, sleep: options.sleep });
  const budgetInForce = async (): Promise<number> => {
    try {
      return (await options.promptBudgetTokens?.()) ?? settings.promptBudgetTokens;
    } catch {
      return settings.promptBudgetTokens;
    }
  };

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
      const answered = (args: unknown, unrepaired?: string): ModelAnswer => ({
        args,
        usage: sumUsage(calls),
        calls: [...calls],
        ...(unrepaired === undefined ? {} : { unrepaired }),
      });
      const unusable = (kind: "bad_output" | "aborted", message: string, cause?: unknown): ModelError =>
        new ModelError(kind, message, { ...(cause === undefined ? {} : { cause }), calls: [...calls] });

      const conversation: ChatCompletionMessageParam[] = [
        { role: "system", content: messages.system },
        { role: "user", content: messages.user },
      ];
      const first = await ask(conversation, "review");
      const firstTry = interpretAnswer(first.completion);
      if (firstTry.usable && firstTry.problem === undefined) return answered(firstTry.args);
      const problem = firstTry.problem ?? "";

      const turn = fitRepairTurn(first.completion, problem, REVIEW_TOOL.name, {
        promptBudgetTokens: await budgetInForce(),
        promptTokens: first.usage.promptTokens > 0 ? first.usage.promptTokens : estimatePromptTokens(conversation, REVIEW_TOOL),
      });
      if (turn.kind === "skip") {
        if (firstTry.usable) return answered(firstTry.args, turn.reason);
        throw unusable("bad_output", `${problem}; ${turn.reason}`);
      }

      let repaired: TimedCompletion;
      try {
        repaired = await ask([...conversation, ...turn.messages], "repair");
      } catch (error) {
        if (settingsRejected(error)) throw withCalls(error, calls);
        if ((signal?.aborted ?? false) || error instanceof APIUserAbortError) {
          // The first answer's valid findings were paid for and are still good: the caller decides whether to keep them.
          if (firstTry.usable) return answered(firstTry.args, "the repair turn was cut short");
          throw unusable("aborted", `${problem}; the repair turn was cut short`, error);
        }
        if (firstTry.usable) return answered(firstTry.args, `the repair turn failed: ${describeError(error)}`);
        throw unusable("bad_output", `${problem}; the repair turn failed: ${describeError(error)}`, error);
      }
      const secondTry = interpretAnswer(repaired.completion);
      const best = betterAnswer(firstTry, secondTry);
      if (best?.usable) return answered(best.args);
      throw unusable("bad_output", `${problem}; still after a repair turn: ${secondTry.problem}`);
    },
  };
}
