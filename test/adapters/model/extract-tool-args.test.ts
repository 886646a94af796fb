import type { ChatCompletion } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { extractToolArgs } from "../../../src/adapters/model/extract-tool-args.js";
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

  it("decodes an array parameter that arrived as a string, and repairs truncated JSON", () => {
    const truncated = JSON.stringify([finding, finding]).slice(0, -2);
    const args = extractToolArgs(completion({ tool_calls: [{ name: "submit_review", arguments: JSON.stringify({ summary: "s", findings: truncated }) }] }), "submit_review", ["findings"]);
    expect(args["findings"]).toEqual([finding, { path: "a.ts", line: 1, severity: "minor", body: "b" }]);
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
