import type { ChatCompletion } from "openai/resources/chat/completions";
import { isRepositoryToolName, REPOSITORY_TOOL_NAMES } from "../../core/agent/tool-schemas.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import { parseLenientJson } from "./lenient-json.js";
import { parseQwenToolCall, parseQwenToolCalls } from "./qwen-xml-tool-call.js";

/** One tool call the model asked for, ready to be served and replayed. */
export interface RequestedCall {
  /** The server's id, or one made up when it sent none (the reply must name the call it answers). */
  readonly id: string;
  readonly name: string;
  /** The arguments as the model wrote them: an object, or text that is not a JSON object. */
  readonly arguments: unknown;
  /**
   * The arguments as they go back in the conversation's history: always a JSON object, since vLLM parses every
   * earlier call's arguments and answers 400 to the whole request when one is not JSON (e.g. cut off).
   */
  readonly historyArguments: string;
}

/**
 * What an answer asks for: it submitted the review (or at least tried: `submit_review` named anywhere, or a
 * misnamed call with review arguments), it asked for repository tools (as `tool_calls`, or as Qwen3-Coder's XML
 * in the text when the server parsed none), or neither.
 */
export type RequestedTools =
  | { readonly kind: "submitted" }
  | { readonly kind: "none" }
  | { readonly kind: "tools"; readonly via: "tool_calls" | "content"; readonly content: string; readonly calls: readonly RequestedCall[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function argumentsOf(text: string): { readonly value: unknown; readonly history: string } {
  const parsed = parseLenientJson(text);
  return isRecord(parsed) ? { value: parsed, history: JSON.stringify(parsed) } : { value: text, history: "{}" };
}

function looksLikeReview(value: unknown): boolean {
  return isRecord(value) && ("findings" in value || "summary" in value);
}

/** Ids the conversation already holds are not reused: a reply must name exactly one call. */
function uniqueId(id: string | undefined, used: Set<string>, fallback: string): string {
  let candidate = id !== undefined && id.trim() !== "" ? id : fallback;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${fallback}_${n}`;
  used.add(candidate);
  return candidate;
}

/**
 * Reads the tool calls of an answer. `usedIds` are the call ids already in the conversation; `round` numbers the
 * ids made up for calls that came without one.
 */
export function requestedTools(completion: ChatCompletion, usedIds: Set<string>, round: number): RequestedTools {
  const message = completion.choices[0]?.message;
  if (message === undefined) return { kind: "none" };
  const content = message.content ?? "";
  const functionCalls = (message.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [call] : []));
  if (functionCalls.length > 0) {
    const calls = functionCalls.map((call) => ({ call, args: argumentsOf(call.function.arguments) }));
    const submitted = calls.some(({ call, args }) => call.function.name === REVIEW_TOOL.name || (!isRepositoryToolName(call.function.name) && looksLikeReview(args.value)));
    if (submitted) return { kind: "submitted" };
    return {
      kind: "tools",
      via: "tool_calls",
      content,
      calls: calls.map(({ call, args }, index) => ({
        id: uniqueId(call.id, usedIds, `call_${round}_${index + 1}`),
        name: call.function.name,
        arguments: args.value,
        historyArguments: args.history,
      })),
    };
  }
  if (parseQwenToolCall(content, REVIEW_TOOL.name) !== undefined) return { kind: "submitted" };
  const textCalls = parseQwenToolCalls(content, REPOSITORY_TOOL_NAMES);
  if (textCalls.length === 0) return { kind: "none" };
  return {
    kind: "tools",
    via: "content",
    content,
    calls: textCalls.map((call, index) => {
      const args = Object.fromEntries(call.parameters);
      return { id: uniqueId(undefined, usedIds, `call_${round}_${index + 1}`), name: call.name, arguments: args, historyArguments: JSON.stringify(args) };
    }),
  };
}
