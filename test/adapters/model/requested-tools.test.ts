import { describe, expect, it } from "vitest";
import { parseQwenToolCalls } from "../../../src/adapters/model/qwen-xml-tool-call.js";
import { requestedTools } from "../../../src/adapters/model/requested-tools.js";
import { qwenToolCallXml, textCompletion, toolCallsCompletion, type ToolCallSpec } from "../../helpers/fake-model.js";

const read = { name: "read_file", args: { path: "src/a.ts" } } satisfies ToolCallSpec;

describe("requestedTools", () => {
  it("takes an answer that calls submit_review, alone or beside other tools, for a submission", () => {
    expect(requestedTools(toolCallsCompletion([{ name: "submit_review", args: { summary: "", findings: [] } }]), new Set(), 1).kind).toBe("submitted");
    expect(requestedTools(toolCallsCompletion([read, { name: "submit_review", args: {} }]), new Set(), 1).kind).toBe("submitted");
  });

  it("takes a misnamed call carrying review arguments for a submission, not for a tool call", () => {
    expect(requestedTools(toolCallsCompletion([{ name: "submit", args: { summary: "Fine.", findings: [] } }]), new Set(), 1).kind).toBe("submitted");
    const unknown = requestedTools(toolCallsCompletion([{ name: "grep", args: { pattern: "x" } }]), new Set(), 1);
    expect(unknown.kind === "tools" && unknown.calls.map((c) => c.name)).toEqual(["grep"]);
  });

  it("keeps the calls in order with their ids, and makes up unique ids for calls without one", () => {
    const completion = toolCallsCompletion([read, { name: "search_code", args: { query: "x" } }]);
    const message = completion.choices[0]?.message;
    const first = message?.tool_calls?.[0];
    if (first?.type === "function") first.id = "";
    const used = new Set(["call_2_1"]);
    const asked = requestedTools(completion, used, 2);
    expect(asked.kind).toBe("tools");
    if (asked.kind !== "tools") return;
    expect(asked.calls.map((c) => c.name)).toEqual(["read_file", "search_code"]);
    expect(asked.calls[0]?.id).toBe("call_2_1_2");
    expect(asked.calls[1]?.id).toBe(message?.tool_calls?.[1]?.id);
    expect(used.size).toBe(3);
  });

  it("replays arguments as a JSON object whatever arrived, and serves what arrived", () => {
    const asked = requestedTools(toolCallsCompletion([{ name: "read_file", argumentsText: '{"path": "a.ts", "start_line": 3' }, { name: "read_file", argumentsText: "a.ts" }]), new Set(), 1);
    if (asked.kind !== "tools") throw new Error("expected tool calls");
    expect(asked.calls.map((c) => c.historyArguments)).toEqual(['{"path":"a.ts","start_line":3}', "{}"]);
    expect(asked.calls.map((c) => c.arguments)).toEqual([{ path: "a.ts", start_line: 3 }, "a.ts"]);
  });

  it("reads calls written in the text as Qwen3-Coder XML when the server parsed none, and a submission there too", () => {
    const text = `Let me look.\n${qwenToolCallXml("read_file", { path: "src/a.ts", end_line: 9 })}\n${qwenToolCallXml("list_files", { path_glob: "src/**" })}`;
    const asked = requestedTools(textCompletion(text), new Set(), 1);
    expect(asked).toMatchObject({ kind: "tools", via: "content", content: text });
    if (asked.kind !== "tools") return;
    expect(asked.calls.map((c) => [c.name, c.arguments, c.historyArguments])).toEqual([
      ["read_file", { path: "src/a.ts", end_line: "9" }, '{"path":"src/a.ts","end_line":"9"}'],
      ["list_files", { path_glob: "src/**" }, '{"path_glob":"src/**"}'],
    ]);
    expect(requestedTools(textCompletion(qwenToolCallXml("submit_review", { summary: "ok", findings: [] })), new Set(), 1).kind).toBe("submitted");
  });

  it("finds nothing in a plain answer", () => {
    expect(requestedTools(textCompletion("The change looks fine."), new Set(), 1).kind).toBe("none");
  });
});

describe("parseQwenToolCalls", () => {
  it("returns every call to a wanted tool in order, ignoring other names and code that mentions tags", () => {
    const text = [
      "I will read `<function=read_file>` usages first.",
      "<tool_call>\n<function=read_file>\n<parameter=path>\na.ts\n</parameter>\n</function>\n</tool_call>",
      "<tool_call>\n<function=delete_repo>\n<parameter=name>\nx\n</parameter>\n</function>\n</tool_call>",
      "<tool_call>\n<function=search_code>\n<parameter=query>\nfoo(\n</parameter>\n<parameter=path_glob>\n*.ts\n</parameter>\n</function>\n</tool_call>",
    ].join("\n");
    const calls = parseQwenToolCalls(text, ["read_file", "search_code"]);
    expect(calls.map((c) => [c.name, Object.fromEntries(c.parameters)])).toEqual([
      ["read_file", { path: "a.ts" }],
      ["search_code", { query: "foo(", path_glob: "*.ts" }],
    ]);
  });

  it("keeps the parameters of a last call that was never closed", () => {
    const calls = parseQwenToolCalls("<function=read_file>\n<parameter=path>\nb.ts\n</parameter>\n<parameter=start_line>\n4", ["read_file"]);
    expect(calls.map((c) => Object.fromEntries(c.parameters))).toEqual([{ path: "b.ts" }]);
  });
});
