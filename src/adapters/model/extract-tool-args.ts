import type { ChatCompletion } from "openai/resources/chat/completions";
import { ModelError } from "../../core/errors.js";
import { parseLenientJson } from "./lenient-json.js";
import { parseQwenToolCall } from "./qwen-xml-tool-call.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** vLLM's qwen3_coder parser passes an array parameter on as a raw string when it cannot parse it. */
function decodeStringifiedFields(args: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...args };
  for (const field of fields) {
    const value = decoded[field];
    if (typeof value === "string") {
      const parsed = parseLenientJson(value);
      if (parsed !== undefined) decoded[field] = parsed;
    }
  }
  return decoded;
}

function fromToolCalls(completion: ChatCompletion, toolName: string): unknown {
  const calls = completion.choices[0]?.message.tool_calls ?? [];
  const call = calls.find((c) => c.type === "function" && c.function.name === toolName) ?? calls.find((c) => c.type === "function");
  if (!call || call.type !== "function") return undefined;
  const parsed = parseLenientJson(call.function.arguments);
  if (!isRecord(parsed)) {
    throw new ModelError("bad_output", `the model's ${toolName} call did not carry JSON arguments`);
  }
  return parsed;
}

function fromContent(content: string, toolName: string, arrayFields: readonly string[]): unknown {
  const xmlCall = parseQwenToolCall(content, toolName);
  if (xmlCall) return Object.fromEntries(xmlCall.parameters);
  const json = parseLenientJson(content.slice(content.indexOf("{")));
  if (content.includes("{") && isRecord(json) && arrayFields.some((field) => field in json)) return json;
  return undefined;
}

function noCallReason(choice: ChatCompletion.Choice): string {
  if (choice.finish_reason === "length") return " (the answer was cut off at max_tokens)";
  // Some vLLM versions answer tool_choice "required" or a named function this way.
  if (choice.finish_reason === "tool_calls") return ` (the server reported a tool call but sent none; MODEL_TOOL_CHOICE=auto avoids this)`;
  return "";
}

/**
 * Finds the tool call's arguments wherever the server put them: in `tool_calls` (a server with a tool
 * parser), or as text in `content` (Qwen3-Coder's XML format, or bare JSON) when it has none.
 */
export function extractToolArgs(completion: ChatCompletion, toolName: string, arrayFields: readonly string[]): Record<string, unknown> {
  const choice = completion.choices[0];
  if (!choice) throw new ModelError("bad_output", "the model returned no choices");
  const args = fromToolCalls(completion, toolName) ?? fromContent(choice.message.content ?? "", toolName, arrayFields);
  if (!isRecord(args)) throw new ModelError("bad_output", `the model answered without calling ${toolName}${noCallReason(choice)}`);
  return decodeStringifiedFields(args, arrayFields);
}
