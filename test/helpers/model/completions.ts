import { randomBytes } from "node:crypto";
import type { ChatCompletion } from "openai/resources/chat/completions";

export const DEFAULT_MODEL_ID = "qwen/qwen3-coder-480b-a35b-instruct";

export type FinishReason = ChatCompletion.Choice["finish_reason"];

export interface CompletionOptions {
  /** Defaults to Qwen3-Coder's id on NVIDIA's endpoint. */
  readonly model?: string;
  readonly promptTokens?: number;
  /** Defaults to the reply's length / 4, about what the Qwen tokenizer gives for code. */
  readonly completionTokens?: number;
}

export interface ToolCallSpec {
  readonly name: string;
  /** Serialised with JSON.stringify unless `argumentsText` is given. */
  readonly args?: unknown;
  /** Sent verbatim as `arguments`, for truncated or malformed JSON. */
  readonly argumentsText?: string;
}

export interface ToolCallOptions extends CompletionOptions {
  /** Prose the model wrote before its call (`message.content`); null by default. */
  readonly content?: string | null;
  /** Default "tool_calls"; "length" for a call cut off by max_tokens. */
  readonly finishReason?: FinishReason;
}

/** An assistant turn that calls one function, as an OpenAI-compatible server with a tool parser returns it. */
export function toolCallCompletion(name: string, args: unknown, options: ToolCallOptions & { readonly argumentsText?: string } = {}): ChatCompletion {
  const call: ToolCallSpec = options.argumentsText === undefined ? { name, args } : { name, argumentsText: options.argumentsText };
  return toolCallsCompletion([call], options);
}

export function toolCallsCompletion(calls: readonly ToolCallSpec[], options: ToolCallOptions = {}): ChatCompletion {
  const toolCalls = calls.map((call) => ({
    id: `chatcmpl-tool-${randomBytes(8).toString("hex")}`,
    type: "function" as const,
    function: { name: call.name, arguments: call.argumentsText ?? JSON.stringify(call.args ?? {}) },
  }));
  const content = options.content ?? null;
  const written = (content ?? "") + toolCalls.map((call) => call.function.name + call.function.arguments).join("");
  return completion({ role: "assistant", content, refusal: null, tool_calls: toolCalls }, options.finishReason ?? "tool_calls", written, options);
}

/**
 * A plain-text assistant turn. Qwen3-Coder behind a server without (or with a failing) tool parser puts its
 * call here as XML with `finish_reason: "stop"`: build that text with `qwenToolCallXml`.
 */
export function textCompletion(content: string, finishReason: FinishReason = "stop", options: CompletionOptions = {}): ChatCompletion {
  return completion({ role: "assistant", content, refusal: null }, finishReason, content, options);
}

export interface QwenXmlOptions {
  /** Leave out the opening `<tool_call>`, a failure seen after a prose preamble. */
  readonly withoutOpeningTag?: boolean;
  /** Prose before the call. */
  readonly preamble?: string;
}

/**
 * Qwen3-Coder's native tool-call format: one `<parameter=…>` block per argument, strings verbatim (no
 * escaping), everything else as JSON.
 */
export function qwenToolCallXml(name: string, parameters: Readonly<Record<string, unknown>>, options: QwenXmlOptions = {}): string {
  const blocks = Object.entries(parameters).map(
    ([key, value]) => `<parameter=${key}>\n${typeof value === "string" ? value : JSON.stringify(value)}\n</parameter>`,
  );
  const open = options.withoutOpeningTag === true ? "" : "<tool_call>\n";
  const preamble = options.preamble === undefined ? "" : `${options.preamble}\n`;
  return `${preamble}${open}<function=${name}>\n${blocks.join("\n")}\n</function>\n</tool_call>`;
}

function completion(
  message: ChatCompletion.Choice["message"],
  finishReason: FinishReason,
  written: string,
  options: CompletionOptions,
): ChatCompletion {
  const promptTokens = options.promptTokens ?? 1_000;
  const completionTokens = options.completionTokens ?? Math.max(1, Math.ceil(written.length / 4));
  return {
    id: `chatcmpl-${randomBytes(12).toString("hex")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: options.model ?? DEFAULT_MODEL_ID,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
