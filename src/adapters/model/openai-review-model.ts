import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelSettings } from "../../config/env.js";
import { describeError, ModelError } from "../../core/errors.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import type { ModelAnswer, ModelCall, ModelTools, ReviewModel } from "../../core/ports.js";
import type { PromptMessages } from "../../core/prompt/render-prompt.js";
import { buildChatRequest } from "./chat-request.js";
import { createCompleteChat, type TimedCompletion } from "./complete-chat.js";
import { continueCutAnswer, type Ask, type Continued } from "./continue-cut-answer.js";
import { fitRepairTurn } from "./fit-repair-turn.js";
import { cutShort, settingsRejected } from "./follow-up-failure.js";
import { betterAnswer, interpretAnswer, usable, type UsableInterpretation } from "./interpret-answer.js";
import type { Sleep } from "./retry.js";
import { requestedTools } from "./requested-tools.js";
import { openingAnswer, type ToolLoopResult } from "./tool-loop.js";
import type { FollowUpRoom } from "./turn-tokens.js";

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

/** The same error, carrying the requests already answered, so that their tokens are still counted. */
function withCalls(error: unknown, calls: readonly ModelCall[]): unknown {
  return error instanceof ModelError ? new ModelError(error.kind, error.message, { cause: error.cause, calls: [...calls] }) : error;
}

/**
 * The model behind any OpenAI-compatible chat completions endpoint, asked to call `submit_review`. With tools,
 * the model may first call them in a bounded loop (`tool-loop.ts`), and what follows goes on from there. A call cut
 * off before its end keeps what arrived whole and gets continuation turns for the rest (`continue-cut-answer.ts`);
 * when the rest cannot be had, the answer says it stayed incomplete. An answer with no usable call, or with
 * findings that break the schema, gets one repair turn: the model sees its own answer (shortened when the whole
 * would overflow the prompt budget) and what was wrong, and the better of the two answers is kept. Every
 * failure after the first answer carries the answered requests (`ModelError.calls`).
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
    async review(messages: PromptMessages, signal?: AbortSignal, tools?: ModelTools): Promise<ModelAnswer> {
      const calls: ModelCall[] = [];
      const ask: Ask = async (conversation, purpose, offered = []) => {
        const answer = await complete(buildChatRequest(settings, conversation, offered), signal);
        calls.push({ purpose, usage: answer.usage, durationMs: answer.durationMs });
        return answer;
      };
      const prompt: ChatCompletionMessageParam[] = [
        { role: "system", content: messages.system },
        { role: "user", content: messages.user },
      ];
      let opening: ToolLoopResult;
      try {
        opening = await openingAnswer(prompt, tools, { ask, promptBudget: budgetInForce, signal });
      } catch (error) {
        throw withCalls(error, calls);
      }
      // Follow-up turns (continuation, repair) follow the conversation the answer came from, tool results included.
      const { answer: first, conversation } = opening;
      const answered = (args: unknown, why: { readonly unrepaired?: string | undefined; readonly incomplete?: string | undefined } = {}): ModelAnswer => ({
        args,
        usage: sumUsage(calls),
        calls: [...calls],
        ...(why.unrepaired === undefined ? {} : { unrepaired: why.unrepaired }),
        ...(why.incomplete === undefined ? {} : { incomplete: why.incomplete }),
        ...(tools === undefined ? {} : { toolCalls: opening.toolCalls }),
        ...(opening.abandoned === undefined ? {} : { toolsAbandoned: opening.abandoned }),
      });
      const unusable = (kind: "bad_output" | "aborted", message: string, cause?: unknown): ModelError =>
        new ModelError(kind, message, { ...(cause === undefined ? {} : { cause }), calls: [...calls] });

      // Asked only when a follow-up turn is needed: the budget may take a request to the server.
      const roomLeft = async (): Promise<FollowUpRoom> => ({ promptBudgetTokens: await budgetInForce(), promptTokens: opening.promptTokens });
      const continueAnswer = async (answer: UsableInterpretation): Promise<Continued | undefined> => {
        if (answer.cut === undefined) return undefined;
        try {
          return await continueCutAnswer(answer.received, answer.cut, { ask, prompt: conversation, room: await roomLeft(), signal });
        } catch (error) {
          throw withCalls(error, calls);
        }
      };

      const firstTry = interpretAnswer(first.completion);
      if (firstTry.usable) {
        const continued = await continueAnswer(firstTry);
        if (continued !== undefined) return answered(usable(continued.received).args, { incomplete: continued.incomplete });
        if (firstTry.problem === undefined) return answered(firstTry.args);
      }
      const problem = firstTry.problem ?? "";

      // A model that still asks for repository tools once they are withdrawn has read what it could and will not
      // submit: the part ends with no findings and says so (never an all-clear), and the rest of the review goes on.
      const keptCallingTools = (completion: ChatCompletion): boolean =>
        tools !== undefined && opening.toolCalls.length > 0 && requestedTools(completion, new Set(), 0).kind === "tools";
      const withoutSubmission = (why: string): ModelAnswer =>
        answered({ summary: "", findings: [] }, { incomplete: `the model kept calling repository tools after its ${opening.toolCalls.length} tool calls and never submitted its review (${why})` });

      const turn = fitRepairTurn(first.completion, problem, REVIEW_TOOL.name, await roomLeft());
      if (turn.kind === "skip") {
        if (firstTry.usable) return answered(firstTry.args, { unrepaired: turn.reason });
        if (keptCallingTools(first.completion)) return withoutSubmission(turn.reason);
        throw unusable("bad_output", `${problem}; ${turn.reason}`);
      }

      let repaired: TimedCompletion;
      try {
        repaired = await ask([...conversation, ...turn.messages], "repair");
      } catch (error) {
        if (settingsRejected(error)) throw withCalls(error, calls);
        if (cutShort(error, signal)) {
          // The first answer's valid findings were paid for and are still good: the caller decides whether to keep them.
          if (firstTry.usable) return answered(firstTry.args, { unrepaired: "the repair turn was cut short" });
          throw unusable("aborted", `${problem}; the repair turn was cut short`, error);
        }
        if (firstTry.usable) return answered(firstTry.args, { unrepaired: `the repair turn failed: ${describeError(error)}` });
        throw unusable("bad_output", `${problem}; the repair turn failed: ${describeError(error)}`, error);
      }
      let secondTry = interpretAnswer(repaired.completion);
      // A corrected call cut off in its turn is completed like a first answer would be.
      const continued = secondTry.usable ? await continueAnswer(secondTry) : undefined;
      if (continued !== undefined) secondTry = usable(continued.received);
      const best = betterAnswer(firstTry, secondTry);
      if (best?.usable) return answered(best.args, { incomplete: best === secondTry ? continued?.incomplete : undefined });
      if (keptCallingTools(first.completion) && keptCallingTools(repaired.completion)) return withoutSubmission("still after a repair turn");
      throw unusable("bad_output", `${problem}; still after a repair turn: ${secondTry.problem}`);
    },
  };
}
