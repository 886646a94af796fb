import type { ChatCompletion } from "openai/resources/chat/completions";
import { isRepositoryToolName } from "../../core/agent/tool-schemas.js";
import { ModelError } from "../../core/errors.js";
import { jsonEnd } from "./json-end.js";
import { parseLenientJson } from "./lenient-json.js";
import { parseQwenToolCall } from "./qwen-xml-tool-call.js";

/** How an answer shows that it was cut off before the model finished its call. */
export const CUT_SIGNS = {
  length: "the answer reached the output limit (max_tokens)",
  json: "the call's arguments end in the middle of their JSON",
  xml: "the call ends before its closing tag",
} as const;

/** A call cut off before its end: what the repaired JSON closed is not all the model meant to send. */
export interface CallCut {
  /** How the cut shows, in words for the model and the check run. */
  readonly sign: string;
  /** The argument whose value was being written when the cut came (e.g. `summary`), if any. */
  readonly member?: string;
  /** An array argument's last element was being written when the cut came, and was left out: it is not whole. */
  readonly partialElementLeftOut: boolean;
}

export interface ToolCallArgs {
  readonly args: Record<string, unknown>;
  /** Set when the call was cut off. */
  readonly cut?: CallCut;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface TextCut {
  readonly cut: boolean;
  readonly member?: string | undefined;
  /** The last element of the array being written is not whole. */
  readonly partial: boolean;
}

const NOT_CUT: TextCut = { cut: false, partial: false };

/** An array's own text (a stringified or XML parameter): cut off, and inside an element? */
function arrayTextCut(text: string): TextCut {
  const end = jsonEnd(text);
  if (end.terminated || end.open.length === 0) return NOT_CUT;
  return { cut: true, partial: end.open.length > 1 || end.valueInProgress };
}

/** The whole arguments object's text: cut off, in which argument, and inside an array argument's element? */
function argumentsTextCut(text: string): TextCut {
  const end = jsonEnd(text);
  if (end.terminated || end.open.length === 0) return NOT_CUT;
  const inner = end.open[1];
  if (inner === undefined) return { cut: true, member: end.member, partial: false };
  return { cut: true, member: inner.key, partial: inner.kind === "array" && (end.open.length > 2 || end.valueInProgress) };
}

interface DecodedFields {
  readonly args: Record<string, unknown>;
  /** Array arguments that arrived as text cut off in the middle, with whether their last element was left out. */
  readonly cutFields: ReadonlyMap<string, TextCut>;
}

/**
 * vLLM's qwen3_coder parser passes an array parameter on as a raw string when it cannot parse it (as does the
 * XML in content): such strings are parsed here, and one cut off in the middle loses its unfinished element.
 */
function decodeStringifiedFields(args: Record<string, unknown>, fields: readonly string[]): DecodedFields {
  const decoded: Record<string, unknown> = { ...args };
  const cutFields = new Map<string, TextCut>();
  for (const field of fields) {
    const value = decoded[field];
    if (typeof value !== "string") continue;
    const parsed = parseLenientJson(value);
    if (parsed === undefined) continue;
    const cut = arrayTextCut(value);
    if (cut.cut) cutFields.set(field, cut);
    decoded[field] = cut.partial && Array.isArray(parsed) ? parsed.slice(0, -1) : parsed;
  }
  return { args: decoded, cutFields };
}

/** Leaves out the unfinished last element of the array argument the JSON text was cut in. */
function withoutPartialElement(args: Record<string, unknown>, cut: TextCut): Record<string, unknown> {
  if (!cut.partial || cut.member === undefined) return args;
  const value = args[cut.member];
  return Array.isArray(value) ? { ...args, [cut.member]: value.slice(0, -1) } : args;
}

interface Found {
  readonly args: Record<string, unknown>;
  /** Cut signs of the text the arguments were read from (the JSON or the XML around them). */
  readonly textCut: TextCut;
  readonly xmlUnclosed: boolean;
}

function fromToolCalls(completion: ChatCompletion, toolName: string): Found | undefined {
  const calls = completion.choices[0]?.message.tool_calls ?? [];
  // A misnamed call is taken for the wanted one, but never a call of a repository tool: that is a request
  // for context, not an answer.
  const call =
    calls.find((c) => c.type === "function" && c.function.name === toolName) ??
    calls.find((c) => c.type === "function" && !isRepositoryToolName(c.function.name));
  if (!call || call.type !== "function") return undefined;
  const parsed = parseLenientJson(call.function.arguments);
  if (!isRecord(parsed)) {
    throw new ModelError("bad_output", `the model's ${toolName} call did not carry JSON arguments`);
  }
  const textCut = argumentsTextCut(call.function.arguments);
  return { args: withoutPartialElement(parsed, textCut), textCut, xmlUnclosed: false };
}

function fromContent(content: string, toolName: string, arrayFields: readonly string[], finishedByLength: boolean): Found | undefined {
  const xmlCall = parseQwenToolCall(content, toolName);
  if (xmlCall) {
    const args: Record<string, unknown> = Object.fromEntries(xmlCall.parameters);
    if (xmlCall.unclosed !== undefined) args[xmlCall.unclosed.name] = xmlCall.unclosed.value;
    // Without `</function>` the call is cut off when a parameter is unfinished, when the server says the output
    // limit ended it, or when an array argument never came (the summary comes first; the findings may be lost).
    const cut = !xmlCall.closed && (xmlCall.unclosed !== undefined || finishedByLength || arrayFields.some((field) => !(field in args)));
    return { args, textCut: cut ? { cut, member: xmlCall.unclosed?.name, partial: false } : NOT_CUT, xmlUnclosed: cut };
  }
  const text = content.slice(content.indexOf("{"));
  const json = parseLenientJson(text);
  if (content.includes("{") && isRecord(json) && arrayFields.some((field) => field in json)) {
    const textCut = argumentsTextCut(text);
    return { args: withoutPartialElement(json, textCut), textCut, xmlUnclosed: false };
  }
  return undefined;
}

function noCallReason(choice: ChatCompletion.Choice): string {
  // Only our own tool names are repeated: a name the model made up is its text, not ours to show.
  const called = (choice.message.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [isRepositoryToolName(call.function.name) ? call.function.name : "another function"] : []));
  if (called.length > 0) return ` (it called ${[...new Set(called)].join(", ")} instead)`;
  if (choice.finish_reason === "length") return " (the answer was cut off at max_tokens)";
  // Some vLLM versions answer tool_choice "required" or a named function this way.
  if (choice.finish_reason === "tool_calls") return ` (the server reported a tool call but sent none; MODEL_TOOL_CHOICE=auto avoids this)`;
  return "";
}

function callCut(found: Found, cutFields: ReadonlyMap<string, TextCut>, finishedByLength: boolean): CallCut | undefined {
  const [cutField, fieldCut] = [...cutFields.entries()][0] ?? [];
  if (!found.textCut.cut && fieldCut === undefined) return undefined;
  const sign = finishedByLength ? CUT_SIGNS.length : found.xmlUnclosed ? CUT_SIGNS.xml : CUT_SIGNS.json;
  const member = found.textCut.member ?? cutField;
  return { sign, ...(member === undefined ? {} : { member }), partialElementLeftOut: found.textCut.partial || (fieldCut?.partial ?? false) };
}

/**
 * Finds the tool call's arguments wherever the server put them: in `tool_calls` (a server with a tool
 * parser), or as text in `content` (Qwen3-Coder's XML format, or bare JSON) when it has none. A call cut off
 * before its end (the JSON or the XML unfinished) is told apart from a merely malformed one: its arguments are
 * what arrived whole, the element being written at the cut left out, and `cut` says so.
 */
export function readToolCall(completion: ChatCompletion, toolName: string, arrayFields: readonly string[]): ToolCallArgs {
  const choice = completion.choices[0];
  if (!choice) throw new ModelError("bad_output", "the model returned no choices");
  const finishedByLength = choice.finish_reason === "length";
  const found = fromToolCalls(completion, toolName) ?? fromContent(choice.message.content ?? "", toolName, arrayFields, finishedByLength);
  if (found === undefined) throw new ModelError("bad_output", `the model answered without calling ${toolName}${noCallReason(choice)}`);
  const { args, cutFields } = decodeStringifiedFields(found.args, arrayFields);
  const cut = callCut(found, cutFields, finishedByLength);
  return { args, ...(cut === undefined ? {} : { cut }) };
}

/** The call's arguments alone, however they arrived (see `readToolCall`). */
export function extractToolArgs(completion: ChatCompletion, toolName: string, arrayFields: readonly string[]): Record<string, unknown> {
  return readToolCall(completion, toolName, arrayFields).args;
}
