import type { Logger as PinoLogger } from "pino";
import type { SnapshotData } from "../adapters/github/repository-snapshot.js";
import type { GitHubRetrySettings } from "../adapters/github/request-retries.js";
import type { SnapshotCache } from "../adapters/github/snapshot-cache.js";
import type { ReviewMetrics } from "../adapters/metrics/review-metrics.js";
import type { AgentSettings } from "../core/agent/model-tools.js";
import type { AppIdentity } from "../core/conversation/actors.js";
import type { LearningStore } from "../core/learnings/learning-store.js";
import type { TokenBudget } from "../core/budget/token-budget.js";
import type { RepoConfigCaps } from "../core/config/config-caps.js";
import type { CountTokens } from "../core/plan/count-tokens.js";
import type { ReviewModel } from "../core/ports.js";

/**
 * What a review needs whichever way it is run (the App's webhooks, the Action, the command line): the model,
 * the settings, and how GitHub is written to. The GitHub client itself comes with each job.
 */
export interface EngineDependencies {
  readonly settings: EngineSettings;
  readonly model: ReviewModel;
  /**
   * The GitHub App whose check runs and comments are ours: earlier reviews are looked up by it. Unknown for a
   * token that is not an app's (then a comment of ours is recognised by its marker and a bot author alone).
   */
  readonly appId?: number;
  /**
   * The login our comments carry when the token is a person's (the Action with a personal token): our summary
   * comment and findings are recognised by it. Without it, ours are a bot's.
   */
  readonly author?: string;
  /** github.com or the GitHub Enterprise Server's host: links in what we post may point there only. */
  readonly githubHost: string;
  /** How every GitHub request of a job is retried (rate limits; 5xx for reads, and for writes after looking for their effect). */
  readonly githubRetry: GitHubRetrySettings;
  readonly metrics?: Pick<ReviewMetrics, "reviewStarted" | "reviewFinished" | "budgetSpent"> & Partial<Pick<ReviewMetrics, "findingsSuppressed" | "findingsVerified">>;
  /** INSTALLATION_DAILY_TOKEN_BUDGET and its ledger; unlimited when not given. */
  readonly tokenBudget?: TokenBudget;
  /** What reviewers taught the app: findings like dismissed ones are not reported. Without it, nothing is learnt. */
  readonly learnings?: LearningsDependencies;
  /** One call's prompt budget (lowered to what the model server allows) and the model's tokenizer. */
  readonly budget?: () => Promise<ReviewBudget>;
  /**
   * Downloads of reviewed commits kept for later reviews of the same commit (a re-run, a second replica's job):
   * the server's. Without it each review downloads its own.
   */
  readonly snapshots?: SnapshotCache<SnapshotData>;
  /** The process's logger; each job logs through a child carrying its repository, PR and head. */
  readonly log: PinoLogger;
}

export interface LearningsDependencies {
  readonly store: LearningStore;
  /** Whose review comments are ours, for reading 👍/👎 on them before a review; without it reactions are not read. */
  readonly identity?: () => Promise<AppIdentity>;
}

export interface EngineSettings {
  readonly checkRunName: string;
  /** MODEL_PROMPT_BUDGET_TOKENS: the budget when `budget` is not given. */
  readonly promptBudgetTokens: number;
  /** MODEL_AGENTIC, MODEL_MAX_TOOL_ROUNDS, MODEL_MAX_TOOL_RESULT_TOKENS; their defaults when not given. */
  readonly agent?: AgentSettings;
  /** MAX_PROMPT_TOKENS_CAP and MAX_FILES_CAP; their defaults when not given, so every door caps the repository config. */
  readonly configCaps?: RepoConfigCaps;
}

export interface ReviewBudget {
  readonly promptBudgetTokens: number;
  readonly countTokens: CountTokens;
}
