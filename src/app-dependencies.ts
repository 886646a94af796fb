import type { AppSettings } from "./config/env.js";
import type { WriteRetryOptions } from "./adapters/github/write-retry.js";
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
  /** github.com or the GitHub Enterprise Server's host: links in what we post may point there only. */
  readonly githubHost: string;
  readonly writeRetry: Omit<WriteRetryOptions, "log">;
  readonly metrics?: Pick<ReviewMetrics, "reviewStarted" | "reviewFinished">;
  /** One call's prompt budget (lowered to what the model server allows) and the model's tokenizer. */
  readonly budget?: () => Promise<ReviewBudget>;
}

export interface ReviewBudget {
  readonly promptBudgetTokens: number;
  readonly countTokens: CountTokens;
}
