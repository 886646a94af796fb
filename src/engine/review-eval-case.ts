import type { LocalChange } from "../adapters/local-git/local-change.js";
import { ModelError } from "../core/errors.js";
import { caseRepoConfig, casePullRequestText, publishedFindings } from "../core/eval/published-findings.js";
import type { CaseReview, EvalCase, ReviewCase } from "../core/eval/types.js";
import type { AgentSettings } from "../core/agent/model-tools.js";
import type { Logger, ReviewModel } from "../core/ports.js";
import { gapsHeadline, reviewGaps } from "../core/publish/review-gaps.js";
import type { ReviewBudget } from "./engine-dependencies.js";
import { reviewLocalChange } from "./review-local-change.js";

const NO_COMMIT = "0".repeat(40);

export interface EvalReviewerOptions {
  readonly model: ReviewModel;
  readonly budget?: () => Promise<ReviewBudget>;
  readonly promptBudgetTokens: number;
  readonly log: Logger;
  /** The model's repository tools: switch and bounds (their defaults when not given). */
  readonly agent?: AgentSettings;
}

/** A case as a local change: its files, the text after it as the head, the text before it as the default branch. */
export function caseChange(evalCase: EvalCase): LocalChange {
  const { title, body } = casePullRequestText(evalCase);
  return {
    root: evalCase.dir,
    files: evalCase.files,
    head: { kind: "texts", texts: evalCase.after },
    guidance: { kind: "texts", texts: evalCase.before },
    owner: "eval",
    repo: evalCase.id,
    title,
    body,
    headSha: NO_COMMIT,
    baseSha: NO_COMMIT,
    description: `case ${evalCase.id}`,
    notes: [],
  };
}

/**
 * The eval's reviewer: each case through the local door, so through the very pipeline the App runs on a pull
 * request. A key or model the endpoint refuses is thrown as the model's own error, which ends the evaluation
 * (every case would fail the same way); any other failure of the whole review fails only its case.
 */
export function evalReviewer(options: EvalReviewerOptions): ReviewCase {
  return async (evalCase, signal) => {
    let refused: ModelError | undefined;
    const model: ReviewModel = {
      ...options.model,
      async review(messages, callSignal, tools) {
        try {
          return await options.model.review(messages, callSignal, tools);
        } catch (error) {
          if (error instanceof ModelError && error.isConfigurationError) refused ??= error;
          throw error;
        }
      },
    };
    const outcome = await reviewLocalChange(caseChange(evalCase), {
      model,
      config: caseRepoConfig(evalCase),
      configProblems: [],
      promptBudgetTokens: options.promptBudgetTokens,
      log: options.log,
      ...(options.budget === undefined ? {} : { budget: options.budget }),
      ...(options.agent === undefined ? {} : { agent: options.agent }),
      ...(signal === undefined ? {} : { signal }),
    });
    const report = outcome.report;
    if (report === undefined) throw refused ?? new Error(outcome.error ?? `the review was stopped (${outcome.conclusion})`);
    // Parts that failed or whose answer stayed cut off: what the rest found counts, and the report lists the case.
    const missing = [...report.failedParts.map((part) => part.error), ...report.incompleteParts.map((part) => part.reason)];
    const gaps = reviewGaps(report).filter((gap) => !gap.includes("could not be used"));
    const review: CaseReview = {
      findings: publishedFindings(report.selection),
      usage: report.usage,
      modelCalls: report.modelTime?.calls ?? 0,
      durationMs: report.durationMs,
      ...(missing.length === 0 ? {} : { incomplete: `${gapsHeadline(gaps)}: ${missing[0] ?? ""}` }),
    };
    return review;
  };
}
