import type { ChatCompletion } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { CUT_SIGNS, extractToolArgs, readToolCall } from "../../../src/adapters/model/extract-tool-args.js";
import { ModelError } from "../../../src/core/errors.js";

const finding = { path: "a.ts", line: 1, severity: "minor", body: "b" };

function completion(message: { content?: string | null; tool_calls?: Array<{ name: string; arguments: string }> }, finish = "stop"): ChatCompletion {
  return {
    id: "c",
    object: "chat.completion",
    created: 0,
    model: "m",
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason: finish === "length" ? "length" : finish === "tool_calls" ? "tool_calls" : "stop",
        message: {
          role: "assistant",
          content: message.content ?? null,
          refusal: null,
          ...(message.tool_calls
            ? { tool_calls: message.tool_calls.map((c, i) => ({ id: `call_${i}`, type: "function" as const, function: c })) }
            : {}),
        },
      },
    ],
  };
}

describe("extractToolArgs", () => {
  it("reads a proper tool call", () => {
    const args = extractToolArgs(completion({ tool_calls: [{ name: "submit_review", arguments: JSON.stringify({ summary: "s", findings: [finding] }) }] }), "submit_review", ["findings"]);
    expect(args).toEqual({ summary: "s", findings: [finding] });
  });

  it("decodes an array parameter that arrived as a string", () => {
    const args = extractToolArgs(completion({ tool_calls: [{ name: "submit_review", arguments: JSON.stringify({ summary: "s", findings: JSON.stringify([finding]) }) }] }), "submit_review", ["findings"]);
    expect(args["findings"]).toEqual([finding]);
  });

  it("reads Qwen's XML call left in content by a server without a tool parser", () => {
    const content = `<function=submit_review>\n<parameter=summary>\nok\n</parameter>\n<parameter=findings>\n${JSON.stringify([finding])}\n</parameter>\n</function>\n</tool_call>`;
    expect(extractToolArgs(completion({ content }), "submit_review", ["findings"])).toEqual({ summary: "ok", findings: [finding] });
  });

  it("reads Python-literal arrays", () => {
    const content = `<function=submit_review>\n<parameter=summary>\nok\n</parameter>\n<parameter=findings>\n[{'path': 'a.ts', 'line': 1, 'severity': 'minor', 'body': 'b', 'suggestion': None}]\n</parameter>\n</function>`;
    expect(extractToolArgs(completion({ content }), "submit_review", ["findings"])["findings"]).toEqual([{ ...finding, suggestion: null }]);
  });

  it("reads bare JSON arguments in content", () => {
    const content = "```json\n" + JSON.stringify({ summary: "s", findings: [] }) + "\n```";
    expect(extractToolArgs(completion({ content }), "submit_review", ["findings"])).toEqual({ summary: "s", findings: [] });
  });

  it("reads the XML in content when the server reports a tool call but leaves tool_calls empty", () => {
    const content = `<tool_call>\n<function=submit_review>\n<parameter=summary>\nok\n</parameter>\n<parameter=findings>\n[]\n</parameter>\n</function>\n</tool_call>`;
    expect(extractToolArgs(completion({ content, tool_calls: [] }, "tool_calls"), "submit_review", ["findings"])).toEqual({ summary: "ok", findings: [] });
  });

  it.each([
    ["an empty tool_calls with finish_reason tool_calls", completion({ content: null, tool_calls: [] }, "tool_calls"), /reported a tool call but sent none/],
    ["plain text", completion({ content: "LGTM" }), /without calling submit_review$/],
    ["an answer cut off at max_tokens", completion({ content: "I think" }, "length"), /cut off at max_tokens/],
    ["tool arguments that are not JSON", completion({ tool_calls: [{ name: "submit_review", arguments: "" }] }), /did not carry JSON/],
  ])("fails with a ModelError on %s", (_name, input, message) => {
    expect(() => extractToolArgs(input, "submit_review", ["findings"])).toThrowError(ModelError);
    expect(() => extractToolArgs(input, "submit_review", ["findings"])).toThrowError(message);
  });
});

describe("readToolCall tells a cut-off call from a malformed one", () => {
  const second = { path: "b.ts", line: 2, severity: "major", body: "Second finding, longer than the first." };
  const whole = JSON.stringify({ summary: "s", findings: [finding, second] });
  const cutAt = (marker: string): string => whole.slice(0, whole.indexOf(marker));
  const call = (args: string, finish = "tool_calls"): ChatCompletion => completion({ tool_calls: [{ name: "submit_review", arguments: args }] }, finish);
  const xml = (findingsText: string, tail = ""): string => `<function=submit_review>\n<parameter=summary>\ns\n</parameter>\n<parameter=findings>\n${findingsText}${tail}`;

  it.each([
    ["cut inside the second finding (finish_reason length)", call(cutAt("longer"), "length"), [finding], { sign: CUT_SIGNS.length, member: "findings", partialElementLeftOut: true }],
    ["cut inside the second finding (finish_reason stop)", call(cutAt("longer")), [finding], { sign: CUT_SIGNS.json, member: "findings", partialElementLeftOut: true }],
    ["cut right after the first finding's comma", call(cutAt('{"path":"b.ts"')), [finding], { sign: CUT_SIGNS.json, member: "findings", partialElementLeftOut: false }],
    ["cut right after the last finding", call(whole.slice(0, -2), "length"), [finding, second], { sign: CUT_SIGNS.length, member: "findings", partialElementLeftOut: false }],
    ["cut inside the summary, before any finding", call('{"summary": "Adds a ca', "length"), undefined, { sign: CUT_SIGNS.length, member: "summary", partialElementLeftOut: false }],
    [
      "a stringified findings array cut inside its second finding",
      call(JSON.stringify({ summary: "s", findings: JSON.stringify([finding, second]).slice(0, 60) })),
      [finding],
      { sign: CUT_SIGNS.json, member: "findings", partialElementLeftOut: true },
    ],
    [
      "Qwen XML cut inside the findings parameter",
      completion({ content: xml(JSON.stringify([finding, second]).slice(0, 60)) }, "length"),
      [finding],
      { sign: CUT_SIGNS.length, member: "findings", partialElementLeftOut: true },
    ],
    [
      "Qwen XML cut inside the closing tag, with finish_reason stop",
      completion({ content: xml(JSON.stringify([finding, second]), "\n</param") }),
      [finding, second],
      { sign: CUT_SIGNS.xml, member: "findings", partialElementLeftOut: false },
    ],
    [
      "Qwen XML cut before the findings parameter",
      completion({ content: "<function=submit_review>\n<parameter=summary>\ns\n</parameter>\n" }),
      undefined,
      { sign: CUT_SIGNS.xml, partialElementLeftOut: false },
    ],
  ])("%s: keeps the whole findings and says where it was cut", (_name, input, findings, cut) => {
    const read = readToolCall(input, "submit_review", ["findings"]);
    expect(read.args["findings"]).toEqual(findings);
    expect(read.cut).toEqual(cut);
  });

  it.each([
    ["whole JSON", call(whole)],
    ["whole JSON even when the server reports the output limit: the call ended", call(whole, "length")],
    ["JSON with a missing and a trailing comma, repaired", call(whole.replace("]}", ",]}").replace("},{", "}{"))],
    ["Qwen XML closed after its last parameter", completion({ content: `${xml(JSON.stringify([finding]))}\n</parameter>\n</function>` })],
    ["Qwen XML without </function> but every parameter closed", completion({ content: `${xml(JSON.stringify([finding]))}\n</parameter>` })],
  ])("%s is not cut", (_name, input) => {
    expect(readToolCall(input, "submit_review", ["findings"]).cut).toBeUndefined();
  });
});
