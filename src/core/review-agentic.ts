import type { ReviewAgent } from "./agent/review-agent.js";
import type { ShownTextRules } from "./agent/shown-text.js";
import { describeError } from "./errors.js";
import { reviewImpact } from "./impact/review-impact.js";
import type { PlanReviewPorts } from "./plan/plan-review.js";
import type { Logger, PullRequestHost } from "./ports.js";
import type { ModelTime, TokenUsage } from "./publish/review-report.js";
import type { PartsResult } from "./review-parts.js";
import type { SecondLook } from "./verify/second-look.js";

/** The plan's search for the uses of changed symbols, when the review has the repository. */
export function impactPort(agent: ReviewAgent, log: Logger): Pick<PlanReviewPorts, "impact"> {
  const { repository } = agent;
  if (repository === undefined) return {};
  return { impact: (files, headTexts) => reviewImpact(files, headTexts, repository, log) };
}

/** Texts as the model may see them: files never shown left out, secrets masked. */
export function shownTexts(texts: ReadonlyMap<string, string>, rules: ShownTextRules): Map<string, string> {
  const shown = new Map<string, string>();
  for (const [path, text] of texts) if (rules.mayShow(path)) shown.set(path, rules.redact(text));
  return shown;
}

/** Head versions for the second look; a file that cannot be read is shown by its findings alone. */
export async function readHeadTexts(
  host: Pick<PullRequestHost, "readFiles">,
  log: Logger,
  paths: readonly string[],
  rules: ShownTextRules,
): Promise<ReadonlyMap<string, string>> {
  try {
    const { texts, unreadable } = await host.readFiles(paths.filter((path) => rules.mayShow(path)), "head");
    if (unreadable.length > 0) log.warn({ files: unreadable.slice(0, 20), count: unreadable.length }, "head versions not read for the second look");
    return shownTexts(texts, rules);
  } catch (error) {
    log.warn({ err: error, reason: describeError(error) }, "head versions not read for the second look");
    return new Map();
  }
}

/** The review's model calls: the parts', then the second look's. */
export function withSecondLook(results: PartsResult, look: SecondLook): { readonly usage: TokenUsage; readonly modelTime: ModelTime } {
  const { calls } = look;
  return {
    usage: {
      promptTokens: results.usage.promptTokens + calls.reduce((sum, call) => sum + call.usage.promptTokens, 0),
      completionTokens: results.usage.completionTokens + calls.reduce((sum, call) => sum + call.usage.completionTokens, 0),
    },
    modelTime: {
      calls: results.modelTime.calls + calls.length,
      durationMs: results.modelTime.durationMs + calls.reduce((sum, call) => sum + call.durationMs, 0),
    },
  };
}
