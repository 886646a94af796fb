import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import type { ModelSettings, ToolChoiceStrategy } from "../../config/env.js";
import { REVIEW_TOOL, type ToolDefinition } from "../../core/findings/review-tool.js";

/**
 * The request body, without `stream`. `top_k` and `repetition_penalty` are not OpenAI parameters: vLLM reads
 * them as extra body fields and the SDK sends unknown fields as they are; either can be turned off for a
 * server that refuses unknown fields.
 */
export type ChatRequestBody = Omit<ChatCompletionCreateParamsNonStreaming, "stream"> & {
  readonly top_k?: number;
  readonly repetition_penalty?: number;
};

export function toolChoiceFor(strategy: ToolChoiceStrategy, toolName: string): ChatCompletionToolChoiceOption {
  switch (strategy) {
    case "auto":
      return "auto";
    case "required":
      return "required";
    case "named":
      return { type: "function", function: { name: toolName } };
  }
}

/**
 * While other tools are offered, naming `submit_review` would forbid them: `named` asks with `auto` then (and
 * the prompt's instruction); `required` still means "call some tool".
 */
function toolChoiceWithOthers(strategy: ToolChoiceStrategy): ChatCompletionToolChoiceOption {
  return strategy === "required" ? "required" : "auto";
}

/** The request body for `messages`; `offered` are tools besides `submit_review` the model may call this turn. */
export function buildChatRequest(settings: ModelSettings, messages: readonly ChatCompletionMessageParam[], offered: readonly ToolDefinition[] = []): ChatRequestBody {
  const { sampling } = settings;
  return {
    model: settings.name,
    messages: [...messages],
    tools: [REVIEW_TOOL, ...offered].map((tool) => ({ type: "function" as const, function: { ...tool } })),
    tool_choice: offered.length === 0 ? toolChoiceFor(settings.toolChoice, REVIEW_TOOL.name) : toolChoiceWithOthers(settings.toolChoice),
    // Always sent: without it some servers allow the whole remaining context, and a runaway answer costs minutes.
    max_tokens: settings.maxOutputTokens,
    temperature: sampling.temperature,
    top_p: sampling.topP,
    ...(sampling.topK !== undefined ? { top_k: sampling.topK } : {}),
    ...(sampling.repetitionPenalty !== undefined ? { repetition_penalty: sampling.repetitionPenalty } : {}),
  };
}
