import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import type { ModelSettings } from "../../config/env.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import type { ModelAnswer, ReviewModel } from "../../core/ports.js";
import type { PromptMessages } from "../../core/prompt/render-prompt.js";
import { extractToolArgs } from "./extract-tool-args.js";
import { toModelError } from "./model-errors.js";

/** Qwen3-Coder's model card sampling; `top_k` and `repetition_penalty` travel as extra body fields (vLLM). */
const SAMPLING = { temperature: 0.7, top_p: 0.8, top_k: 20, repetition_penalty: 1.05 } as const;

export interface OpenAIReviewModelOptions {
  readonly settings: ModelSettings;
  /** For tests and proxies: the fetch the SDK uses. */
  readonly fetch?: typeof fetch;
}

/** The model behind any OpenAI-compatible chat completions endpoint, asked to call `submit_review`. */
export function createOpenAIReviewModel(options: OpenAIReviewModelOptions): ReviewModel {
  const { settings } = options;
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const endpoint = { baseUrl: settings.baseUrl, model: settings.name };

  return {
    name: settings.name,
    async review(messages: PromptMessages, signal?: AbortSignal): Promise<ModelAnswer> {
      const request = {
        model: settings.name,
        messages: [
          { role: "system", content: messages.system },
          { role: "user", content: messages.user },
        ],
        tools: [{ type: "function", function: REVIEW_TOOL }],
        // `required` and named tool choices are ignored or answered with empty tool_calls by some vLLM
        // versions; `auto` with a firm instruction in the system prompt works on every server.
        tool_choice: "auto",
        max_tokens: settings.maxOutputTokens,
        stream: false,
        ...SAMPLING,
      } satisfies ChatCompletionCreateParamsNonStreaming & Record<string, unknown>;
      try {
        const completion = await client.chat.completions.create(request, signal ? { signal } : {});
        const args = extractToolArgs(completion, REVIEW_TOOL.name, ["findings"]);
        return {
          args,
          usage: {
            promptTokens: completion.usage?.prompt_tokens ?? 0,
            completionTokens: completion.usage?.completion_tokens ?? 0,
          },
        };
      } catch (error) {
        throw toModelError(error, endpoint);
      }
    },
  };
}
