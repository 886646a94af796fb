import type { TokenUsage } from "./publish/review-report.js";

/** One request to the model (its retries included) made while answering. */
export interface ModelCall {
  /** `repair`: the follow-up turn that showed the model its unusable answer and asked for a corrected call. */
  readonly purpose: "review" | "repair";
  readonly usage: TokenUsage;
  readonly durationMs: number;
}
