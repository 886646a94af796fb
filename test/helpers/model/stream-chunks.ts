import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";

export interface StreamOptions {
  /** `stream_options.include_usage`: every chunk carries `usage: null` and a last chunk with no choices carries the usage. */
  readonly includeUsage: boolean;
  /** How many characters of content or of tool-call arguments each delta carries (default 7). */
  readonly pieceChars?: number;
}

function pieces(text: string, size: number): string[] {
  const result: string[] = [];
  for (let at = 0; at < text.length; at += size) result.push(text.slice(at, at + size));
  return result;
}

/**
 * A completion as an OpenAI-compatible server streams it: a first delta with the role, the content in small
 * deltas, each tool call opened by a delta with its index, id, type, name and empty arguments and continued by
 * argument deltas carrying only the index, then a delta with the finish reason, then (when asked) the usage.
 */
export function completionChunks(completion: ChatCompletion, options: StreamOptions): ChatCompletionChunk[] {
  const size = options.pieceChars ?? 7;
  const choice = completion.choices[0];
  const base = { id: completion.id, object: "chat.completion.chunk" as const, created: completion.created, model: completion.model };
  const usageField = options.includeUsage ? { usage: null } : {};
  const chunk = (delta: ChatCompletionChunk.Choice.Delta, finishReason: ChatCompletionChunk.Choice["finish_reason"] = null): ChatCompletionChunk => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageField,
  });
  const chunks: ChatCompletionChunk[] = [chunk({ role: "assistant", content: "" })];
  if (choice !== undefined) {
    for (const piece of pieces(choice.message.content ?? "", size)) chunks.push(chunk({ content: piece }));
    (choice.message.tool_calls ?? []).forEach((call, index) => {
      if (call.type !== "function") return;
      chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
      for (const piece of pieces(call.function.arguments, size)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    });
    chunks.push(chunk({}, choice.finish_reason));
  }
  if (options.includeUsage && completion.usage !== undefined) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}

/** One server-sent event as OpenAI writes it: `data: <json>` and a blank line. */
export function sseEvent(chunk: ChatCompletionChunk): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The event that ends an OpenAI stream. */
export const SSE_DONE = "data: [DONE]\n\n";
