import { describe, expect, it } from "vitest";
import { parseQwenToolCall } from "../../../src/adapters/model/qwen-xml-tool-call.js";

const findings = '[{"path": "src/a.ts", "line": 12, "severity": "major", "body": "Null access."}]';

/** Written the way vLLM's tool_chat_template_qwen3coder.jinja asks the model to answer. */
const canonical = `<tool_call>
<function=submit_review>
<parameter=summary>
Adds a cache.
Second line with <b>html</b> and "quotes".
</parameter>
<parameter=findings>
${findings}
</parameter>
</function>
</tool_call>`;

describe("parseQwenToolCall", () => {
  it.each([
    ["the canonical format", canonical],
    ["no opening <tool_call>", canonical.replace("<tool_call>\n", "")],
    ["prose before the call", `I reviewed the diff and found one issue.\n\n${canonical}`],
    ["no closing tags at all (cut off after the last parameter)", canonical.replace("</function>\n</tool_call>", "")],
  ])("reads %s", (_name, content) => {
    const call = parseQwenToolCall(content, "submit_review");
    expect(call?.parameters.get("summary")).toBe('Adds a cache.\nSecond line with <b>html</b> and "quotes".');
    expect(call?.parameters.get("findings")).toBe(findings);
  });

  it("reads the call when the server stripped the special tokens <tool_call> and </tool_call>", () => {
    const stripped = canonical.replace("<tool_call>\n", "").replace("\n</tool_call>", "");
    expect(parseQwenToolCall(stripped, "submit_review")?.parameters.get("findings")).toBe(findings);
  });

  it("picks the wanted function among several calls in a row, as the template renders them", () => {
    const other = "<tool_call>\n<function=read_file>\n<parameter=path>\nsrc/a.ts\n</parameter>\n</function>\n</tool_call>";
    const call = parseQwenToolCall(`${other}\n${canonical}`, "submit_review");
    expect([...(call?.parameters.keys() ?? [])]).toEqual(["summary", "findings"]);
    expect(parseQwenToolCall(`${canonical}\n${other}`, "submit_review")?.parameters.get("findings")).toBe(findings);
  });

  it("keeps XML-like text inside a parameter, such as code quoted in a finding", () => {
    const body = '[{"path": "a.ts", "line": 1, "severity": "minor", "body": "`<function=x>` is built from user input"}]';
    const content = canonical.replace(findings, body);
    expect(parseQwenToolCall(content, "submit_review")?.parameters.get("findings")).toBe(body);
  });

  it("takes the real call when the prose before it quotes the tag", () => {
    const content = `The code builds strings like "<function=submit_review>" itself.\n${canonical}`;
    expect(parseQwenToolCall(content, "submit_review")?.parameters.get("findings")).toBe(findings);
  });

  it("ignores calls of other functions and plain text", () => {
    expect(parseQwenToolCall(canonical.replace(/submit_review/g, "other"), "submit_review")).toBeUndefined();
    expect(parseQwenToolCall("Looks good to me!", "submit_review")).toBeUndefined();
  });

  it("keeps a parameter's inner blank lines and indentation", () => {
    const content = "<function=submit_review>\n<parameter=summary>\n  a\n\n  b\n</parameter>\n</function>";
    expect(parseQwenToolCall(content, "submit_review")?.parameters.get("summary")).toBe("  a\n\n  b");
  });

  it("says whether the call was closed, and keeps what a parameter cut off before its closing tag had", () => {
    expect(parseQwenToolCall(canonical, "submit_review")).toMatchObject({ closed: true });
    expect(parseQwenToolCall(canonical, "submit_review")?.unclosed).toBeUndefined();
    const cut = canonical.slice(0, canonical.indexOf('"severity"'));
    const call = parseQwenToolCall(cut, "submit_review");
    expect(call?.closed).toBe(false);
    expect(call?.unclosed).toEqual({ name: "findings", value: '[{"path": "src/a.ts", "line": 12, ' });
    expect([...(call?.parameters.keys() ?? [])]).toEqual(["summary"]);
  });

  it("leaves out what was written of the closing tag when the cut falls inside it", () => {
    const cut = canonical.slice(0, canonical.lastIndexOf("</parameter>") + 5);
    expect(parseQwenToolCall(cut, "submit_review")?.unclosed).toEqual({ name: "findings", value: findings });
  });
});
