import { callsSpentBefore, ModelError } from "../../core/errors.js";
import type { ChatModel, ReviewModel } from "../../core/ports.js";
import type { ReviewMetrics } from "./review-metrics.js";

/**
 * Counts every model request's tokens, those of answers that failed in the end too, the failures by kind, and the
 * tool calls answered on the way.
 */
export function observeModel(model: ReviewModel, metrics: Pick<ReviewMetrics, "modelTokens" | "modelCallFailed" | "toolCall">): ReviewModel {
  return {
    name: model.name,
    ...(model.callLimits !== undefined ? { callLimits: model.callLimits } : {}),
    async review(messages, signal, tools) {
      try {
        const answer = await model.review(messages, signal, tools);
        metrics.modelTokens(answer.usage.promptTokens, answer.usage.completionTokens);
        for (const call of answer.toolCalls ?? []) metrics.toolCall(call.tool, call.outcome, call.tokens);
        return answer;
      } catch (error) {
        const spent = callsSpentBefore(error);
        if (spent.length > 0) {
          metrics.modelTokens(
            spent.reduce((sum, call) => sum + call.usage.promptTokens, 0),
            spent.reduce((sum, call) => sum + call.usage.completionTokens, 0),
          );
        }
        metrics.modelCallFailed(error instanceof ModelError ? error.kind : signal?.aborted === true ? "aborted" : "other");
        throw error;
      }
    },
  };
}

/** The same for plain answers (threads, /ask). */
export function observeChatModel(model: ChatModel, metrics: Pick<ReviewMetrics, "modelTokens" | "modelCallFailed">): ChatModel {
  return {
    name: model.name,
    async answer(messages, signal) {
      try {
        const answer = await model.answer(messages, signal);
        metrics.modelTokens(answer.usage.promptTokens, answer.usage.completionTokens);
        return answer;
      } catch (error) {
        for (const call of callsSpentBefore(error)) metrics.modelTokens(call.usage.promptTokens, call.usage.completionTokens);
        metrics.modelCallFailed(error instanceof ModelError ? error.kind : signal?.aborted === true ? "aborted" : "other");
        throw error;
      }
    },
  };
}
