import { ModelError } from "../../core/errors.js";
import type { ReviewModel } from "../../core/ports.js";
import type { ReviewMetrics } from "./review-metrics.js";

/** Counts every model call's tokens, and its failures by kind. */
export function observeModel(model: ReviewModel, metrics: Pick<ReviewMetrics, "modelTokens" | "modelCallFailed">): ReviewModel {
  return {
    name: model.name,
    ...(model.callLimits !== undefined ? { callLimits: model.callLimits } : {}),
    async review(messages, signal) {
      try {
        const answer = await model.review(messages, signal);
        metrics.modelTokens(answer.usage.promptTokens, answer.usage.completionTokens);
        return answer;
      } catch (error) {
        metrics.modelCallFailed(error instanceof ModelError ? error.kind : signal?.aborted === true ? "aborted" : "other");
        throw error;
      }
    },
  };
}
