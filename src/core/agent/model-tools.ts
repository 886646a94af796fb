import type { ToolDefinition } from "../findings/review-tool.js";

/** A tool call as the model made it: the name as written, the arguments unchecked (an object, or JSON text). */
export interface ToolRequest {
  readonly name: string;
  readonly arguments: unknown;
}

/**
 * How a call was answered: `served` whole, `cut` to fit the room it was given, `failed` (bad arguments, a
 * missing file, an unknown tool: the answer says why), or `refused` unserved (no room, or a bound reached).
 */
export type ToolCallOutcome = "served" | "cut" | "failed" | "refused";

/** The answer to one tool call, as the model reads it. */
export interface ToolReply {
  /** The tool's name, or `other` for a name no tool has (kept out of metric labels). */
  readonly tool: string;
  /** Starts with the call it answers (Qwen3-Coder's chat template drops tool call ids); repository text is fenced. */
  readonly text: string;
  /** The size of `text` as counted against the prompt budget. */
  readonly tokens: number;
  readonly outcome: ToolCallOutcome;
}

/** A tool call answered during a review, for the summary, the check run and the metrics. */
export interface ServedToolCall {
  /** One of the repository tools' names, or `other` for a name no tool has (kept out of metric labels). */
  readonly tool: string;
  readonly outcome: ToolCallOutcome;
  readonly tokens: number;
}

/**
 * The tools a model may call besides `submit_review` while it answers, and the bounds of that loop. The
 * model adapter runs the loop (requests, history, room left in the prompt); serving a call is the core's.
 */
export interface ModelTools {
  readonly definitions: readonly ToolDefinition[];
  /** Rounds of tool calls one answer may take (MODEL_MAX_TOOL_ROUNDS); then the model is told to submit. */
  readonly maxRounds: number;
  /** Tokens the tool results of one answer may add to its conversation, over all rounds. */
  readonly maxResultTokens: number;
  /** Tool calls served per round; more in one answer are refused, each with a reply that says so. */
  readonly maxCallsPerRound: number;
  /** Serves one call within `roomTokens`: shortened, or refused with a note, when the whole would not fit. Never throws. */
  serve(request: ToolRequest, roomTokens: number): Promise<ToolReply>;
  /** The reply to a call that is not served (a bound was reached), naming the call and why; small. */
  refuse(request: ToolRequest, reason: string): ToolReply;
  /** Counts a text's tokens as the budget does (the model's tokenizer, or the estimate). */
  countTokens(text: string): number;
}

/** The server's switch and bounds for tool use (MODEL_AGENTIC, MODEL_MAX_TOOL_ROUNDS, MODEL_MAX_TOOL_RESULT_TOKENS). */
export interface AgentSettings {
  /** Off turns tool use off for every repository, whatever its `agentic` says. */
  readonly enabled: boolean;
  readonly maxRounds: number;
  readonly maxResultTokens: number;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettings = { enabled: true, maxRounds: 6, maxResultTokens: 16_000 };
