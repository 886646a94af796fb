import type { TokenUsage } from "./publish/review-report.js";

/** One request to the model (its retries included) made while answering. */
export interface ModelCall {
  /**
   * `tool-results`: a turn that carried the results of the model's tool calls back to it;
   * `repair`: the follow-up turn that showed the model its unusable answer and asked for a corrected call;
   * `continuation`: the follow-up turn that asked for the rest of an answer that was cut off.
   */
  readonly purpose: "review" | "tool-results" | "repair" | "continuation";
  readonly usage: TokenUsage;
  readonly durationMs: number;
}
