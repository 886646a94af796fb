import type { CountTokens } from "../plan/count-tokens.js";
import { fitToolResult, refusalText } from "./fit-tool-result.js";
import type { AgentSettings, ModelTools, ToolReply, ToolRequest } from "./model-tools.js";
import { runRepositoryTool, toolCallHeader } from "./run-tool.js";
import { isRepositoryToolName, REPOSITORY_TOOLS } from "./tool-schemas.js";
import type { RepositoryToolEnvironment } from "./tool-result.js";

/**
 * Calls served per round. Qwen3-Coder may write many calls in one answer; each result costs budget, and a
 * model that needs more can ask in its next round.
 */
export const MAX_CALLS_PER_ROUND = 6;

/** Below this, a result shows too little to be worth serving: the call is refused instead. */
export const MIN_RESULT_TOKENS = 48;

function toolLabel(name: string): string {
  return isRepositoryToolName(name) ? name : "other";
}

/**
 * `read_file`, `search_code` and `list_files` over the repository at the reviewed head, for one review: each
 * result fitted to the room it is given (shortened, or refused with a note), counted with the budget's counter.
 */
export function repositoryTools(environment: RepositoryToolEnvironment, settings: AgentSettings, countTokens: CountTokens): ModelTools {
  const refuse = (request: ToolRequest, reason: string): ToolReply => {
    const text = refusalText(toolCallHeader(request), reason);
    return { tool: toolLabel(request.name), text, tokens: countTokens(text), outcome: "refused" };
  };
  return {
    definitions: REPOSITORY_TOOLS,
    maxRounds: settings.maxRounds,
    maxResultTokens: settings.maxResultTokens,
    maxCallsPerRound: MAX_CALLS_PER_ROUND,
    countTokens,
    refuse,
    async serve(request, roomTokens) {
      if (roomTokens < MIN_RESULT_TOKENS) {
        return refuse(request, "no room is left for tool results in this review. Submit your review with what you know.");
      }
      const result = await runRepositoryTool(request, environment);
      const fitted = fitToolResult(result, roomTokens, countTokens);
      return { tool: toolLabel(request.name), ...fitted };
    },
  };
}
