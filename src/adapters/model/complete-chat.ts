import OpenAI from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import type { ModelSettings } from "../../config/env.js";
import type { TokenUsage } from "../../core/publish/review-report.js";
import type { ChatRequestBody } from "./chat-request.js";
import { timeoutError, toModelError } from "./model-errors.js";
import { withRetries, type Sleep } from "./retry.js";

export interface TimedCompletion {
  readonly completion: ChatCompletion;
  readonly usage: TokenUsage;
  /** From the first attempt to the answer, retries and their waits included. */
  readonly durationMs: number;
}

export type CompleteChat = (body: ChatRequestBody, signal?: AbortSignal) => Promise<TimedCompletion>;

export interface CompleteChatOptions {
  readonly settings: ModelSettings;
  /** For tests and proxies: the fetch the SDK uses. */
  readonly fetch?: typeof fetch | undefined;
  /** For tests: how retries wait. */
  readonly sleep?: Sleep | undefined;
}

/**
 * One chat completion over the OpenAI SDK, with our own retries and a per-attempt deadline. The deadline is
 * an AbortSignal rather than the SDK's `timeout`, which stops at the response headers: a body (or a stream)
 * that stalls after them would otherwise hang for ever.
 */
export function createCompleteChat(options: CompleteChatOptions): CompleteChat {
  const { settings } = options;
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    timeout: settings.timeoutMs,
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const endpoint = { baseUrl: settings.baseUrl, model: settings.name, timeoutMs: settings.timeoutMs };

  const request = async (body: ChatRequestBody, signal: AbortSignal): Promise<ChatCompletion> => {
    if (!settings.stream) return client.chat.completions.create({ ...body, stream: false }, { signal });
    // The stream helper assembles content and tool-call argument deltas into the same ChatCompletion a
    // non-streaming call returns; usage arrives in a last chunk only when asked for.
    const stream = client.chat.completions.stream({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    return stream.finalChatCompletion();
  };

  const attempt = async (body: ChatRequestBody, outer: AbortSignal | undefined): Promise<ChatCompletion> => {
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    try {
      return await request(body, outer ? AbortSignal.any([outer, deadline]) : deadline);
    } catch (error) {
      if (deadline.aborted && !(outer?.aborted ?? false)) throw timeoutError(endpoint, error);
      throw toModelError(error, endpoint);
    }
  };

  return async (body, signal) => {
    const started = performance.now();
    const completion = await withRetries(() => attempt(body, signal), { maxRetries: settings.maxRetries, signal, sleep: options.sleep });
    return {
      completion,
      usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
      durationMs: performance.now() - started,
    };
  };
}
