import type { LocalChange } from "../adapters/local-git/local-change.js";
import { createLocalHost } from "../adapters/local-git/local-host.js";
import { localRepositorySnapshot } from "../adapters/local-git/local-snapshot.js";
import type { AgentSettings } from "../core/agent/model-tools.js";
import type { RepoConfig } from "../core/config/repo-config.js";
import type { Logger, ReviewModel } from "../core/ports.js";
import { reviewPullRequest, type ReviewOutcome } from "../core/review.js";
import type { ReviewBudget } from "./engine-dependencies.js";

export interface LocalReviewOptions {
  readonly model: ReviewModel;
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
  /** The budget in force and the tokenizer; `promptBudgetTokens` and the estimate when not given. */
  readonly budget?: () => Promise<ReviewBudget>;
  readonly promptBudgetTokens: number;
  readonly log: Logger;
  /** Progress of a review in several parts. */
  readonly onProgress?: (text: string) => void;
  readonly signal?: AbortSignal;
  /** The GitHub host links in the output may point to (github.com by default). */
  readonly githubHost?: string;
  /** The model's repository tools: switch and bounds (their defaults when not given). */
  readonly agent?: AgentSettings;
}

/**
 * The review of a local change (a branch, the index, a diff file): the same pipeline as a pull request's on
 * GitHub — selection, context, budget, model, validation, placement, noise control — with a host that reads git
 * and publishes nothing. Always a full review: there is no earlier one to build on.
 */
export async function reviewLocalChange(change: LocalChange, options: LocalReviewOptions): Promise<ReviewOutcome> {
  const budget = await options.budget?.();
  const host = createLocalHost(change, options.onProgress === undefined ? {} : { onProgress: options.onProgress });
  return reviewPullRequest(
    {
      pullRequest: { owner: change.owner, repo: change.repo, number: 0, title: change.title, body: change.body, headSha: change.headSha, baseSha: change.baseSha },
      config: options.config,
      configProblems: options.configProblems,
      promptBudgetTokens: budget?.promptBudgetTokens ?? options.promptBudgetTokens,
      fullReview: true,
      // A local review's text links only to GitHub's own pages, as on github.com.
      githubHost: options.githubHost ?? "github.com",
      ...(options.agent === undefined ? {} : { agent: options.agent }),
    },
    {
      host, model: options.model, log: options.log, ...(budget === undefined ? {} : { countTokens: budget.countTokens }),
      // The repository at the change's new side, for the model's tools and the search for uses of changed symbols.
      snapshot: localRepositorySnapshot(change),
    },
    options.signal,
  );
}
