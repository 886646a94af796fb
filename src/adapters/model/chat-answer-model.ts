import type { ModelSettings } from "../../config/env.js";
import { ModelError } from "../../core/errors.js";
import type { ChatAnswer, ChatModel } from "../../core/ports.js";
import type { PromptMessages } from "../../core/prompt/render-prompt.js";
import type { ChatRequestBody } from "./chat-request.js";
import { createCompleteChat } from "./complete-chat.js";
import type { Sleep } from "./retry.js";

/** An answer in a thread is a few paragraphs; a cap well below a review's keeps a runaway answer cheap. */
export const MAX_ANSWER_TOKENS = 2048;

export interface ChatAnswerModelOptions {
  readonly settings: ModelSettings;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
}

/** The request of a plain answer: the review's sampling, no tools, a smaller output cap. */
export function buildAnswerRequest(settings: ModelSettings, messages: PromptMessages): ChatRequestBody {
  const { sampling } = settings;
  return {
    model: settings.name,
    messages: [
      { role: "system", content: messages.system },
      { role: "user", content: messages.user },
    ],
    max_tokens: Math.min(settings.maxOutputTokens, MAX_ANSWER_TOKENS),
    temperature: sampling.temperature,
    top_p: sampling.topP,
    ...(sampling.topK !== undefined ? { top_k: sampling.topK } : {}),
    ...(sampling.repetitionPenalty !== undefined ? { repetition_penalty: sampling.repetitionPenalty } : {}),
  };
}

/** Reasoning models may put their thinking first; it is not part of the answer. */
function withoutThinking(text: string): string {
  return text.replace(/^\s*<think>[\s\S]*?<\/think>/i, "").trim();
}

/**
 * The model answering in plain text through the same client, retries and deadlines as reviews
 * (`complete-chat.ts`): a thread answer or an `/ask` reply, never a tool call.
 */
export function createChatAnswerModel(options: ChatAnswerModelOptions): ChatModel {
  const { settings } = options;
  const complete = createCompleteChat({ settings, fetch: options.fetch, sleep: options.sleep });
  return {
    name: settings.name,
    async answer(messages, signal): Promise<ChatAnswer> {
      const { completion, usage, durationMs } = await complete(buildAnswerRequest(settings, messages), signal);
      const choice = completion.choices[0];
      const text = withoutThinking(choice?.message.content ?? "");
      if (text === "") {
        const why = choice?.finish_reason === "length" ? "it ran out of output tokens before writing any" : "it was empty";
        throw new ModelError("bad_output", `the model's answer could not be used: ${why}`, { calls: [{ purpose: "review", usage, durationMs }] });
      }
      return { text, usage, durationMs };
    },
  };
}
