import type { AppSettings } from "./config/env.js";
import type { GitHubRetrySettings } from "./adapters/github/request-retries.js";
import type { ReviewQueue } from "./adapters/jobs/review-queue.js";
import type { ReviewMetrics } from "./adapters/metrics/review-metrics.js";
import type { CountTokens } from "./core/plan/count-tokens.js";
import type { ReviewModel } from "./core/ports.js";

export interface AppDependencies {
  readonly settings: AppSettings;
  readonly model: ReviewModel;
  readonly queue: ReviewQueue;
  /** The GitHub App's id: our check runs are looked up by it. */
  readonly appId: number;
  /** How every GitHub request of a job is retried (rate limits, and 5xx for reads and for writes). */
  readonly writeRetry: GitHubRetrySettings;
  readonly metrics?: Pick<ReviewMetrics, "reviewStarted" | "reviewFinished">;
  /** One call's prompt budget (lowered to what the model server allows) and the model's tokenizer. */
  readonly budget?: () => Promise<ReviewBudget>;
}

export interface ReviewBudget {
  readonly promptBudgetTokens: number;
  readonly countTokens: CountTokens;
}
