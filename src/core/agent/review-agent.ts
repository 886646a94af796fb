import type { CountTokens } from "../plan/count-tokens.js";
import type { ToolUse } from "../publish/review-report.js";
import { toolDefinitionTokens } from "../plan/prompt-budget.js";
import type { RepositorySnapshot } from "../ports.js";
import { systemPromptFor } from "../prompt/system-prompt.js";
import type { AgentSettings, ModelTools, ServedToolCall } from "./model-tools.js";
import { repositoryTools } from "./repository-tools.js";
import { shownTextRules, type ShownTextRules } from "./shown-text.js";
import { REPOSITORY_TOOLS } from "./tool-schemas.js";
import type { RepositoryToolEnvironment } from "./tool-result.js";

/**
 * The share of a call's prompt budget kept free for tool results when tools are offered (up to the cap on
 * them): a diff packed to the brim would leave the model nothing to look with.
 */
export const TOOL_ROOM_SHARE = 0.25;

/** How one review uses the repository beyond the diff. */
export interface ReviewAgent {
  /** Offered to the model in every call of the review; absent when tool use is off. */
  readonly tools?: ModelTools;
  readonly systemPrompt: string;
  /** Tokens each call keeps free beyond `submit_review`'s definition: the other tools' definitions and their results. */
  readonly reservedTokens: number;
  /** The repository at the head with the rules for what may be shown: the engine's own searches use it. */
  readonly repository?: RepositoryToolEnvironment;
  /** What of the repository may be shown to the model (also the second look's files). */
  readonly shown: ShownTextRules;
}

export interface ReviewAgentInput {
  /** The repository's `agentic` setting. */
  readonly agentic: boolean;
  /** The repository's `ignore` patterns: the files they name are never shown, like files of credentials. */
  readonly ignore: readonly string[];
  /** The server's switch and bounds. */
  readonly settings: AgentSettings;
  /** The repository at the reviewed head; without it there are no tools (and no cross-file impact). */
  readonly snapshot: RepositorySnapshot | undefined;
  readonly promptBudgetTokens: number;
  readonly countTokens: CountTokens;
  readonly pause?: (() => Promise<void>) | undefined;
}

/** Tool use needs the repository, the repository's consent and the server's: any of them missing turns it off. */
export function reviewAgent(input: ReviewAgentInput): ReviewAgent {
  const shown = shownTextRules(input.ignore);
  const repository: RepositoryToolEnvironment | undefined =
    input.snapshot === undefined ? undefined : { snapshot: input.snapshot, ...shown, ...(input.pause === undefined ? {} : { pause: input.pause }) };
  if (repository === undefined || !input.agentic || !input.settings.enabled) {
    return { systemPrompt: systemPromptFor(undefined), reservedTokens: 0, shown, ...(repository === undefined ? {} : { repository }) };
  }
  const tools = repositoryTools(repository, input.settings, input.countTokens);
  const definitions = input.countTokens(JSON.stringify(REPOSITORY_TOOLS.map((tool) => ({ type: "function", function: tool }))));
  const room = Math.min(input.settings.maxResultTokens, Math.floor(input.promptBudgetTokens * TOOL_ROOM_SHARE));
  return { tools, systemPrompt: systemPromptFor(tools), reservedTokens: definitions + room, shown, repository };
}

/** What the second look keeps free in each call: every tool definition, and the tool results' room. */
export function verificationReserve(agent: ReviewAgent, countTokens: CountTokens): number {
  return toolDefinitionTokens(countTokens) + agent.reservedTokens;
}

export function toolUseOf(calls: readonly ServedToolCall[]): ToolUse {
  const byTool: Record<string, number> = {};
  for (const call of calls) byTool[call.tool] = (byTool[call.tool] ?? 0) + 1;
  return { calls: calls.length, byTool, limited: calls.filter((call) => call.outcome === "cut" || call.outcome === "refused").length };
}
