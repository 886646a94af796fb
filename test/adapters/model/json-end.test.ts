import { describe, expect, it } from "vitest";
import { jsonEnd } from "../../../src/adapters/model/json-end.js";

describe("jsonEnd tells a cut-off JSON text from a closed one", () => {
  it.each([
    ["a closed object", '{"summary": "s", "findings": []}'],
    ["a closed object with prose and a fence after it", '{"a": [1, 2]}\n```\nThat is all.'],
    ["brackets and quotes inside strings", '{"body": "a ] } \\" { [ b", "c": \'x]\'}'],
    ["a malformed but closed object (trailing comma, single quotes)", "{'a': [1, 2,], 'b': None,}"],
  ])("%s is terminated", (_name, text) => {
    expect(jsonEnd(text)).toEqual({ terminated: true, open: [], valueInProgress: false });
  });

  it.each([
    ["inside the summary string", '{"summary": "Adds a ca', [{ kind: "object" }], true, "summary"],
    ["after a member name, before its value", '{"summary": ', [{ kind: "object" }], false, "summary"],
    ["between findings", '{"summary": "s", "findings": [{"line": 1},', [{ kind: "object" }, { kind: "array", key: "findings" }], false, undefined],
    ["right after a finding", '{"summary": "s", "findings": [{"line": 1}', [{ kind: "object" }, { kind: "array", key: "findings" }], false, undefined],
    ["inside a finding's string", '{"findings": [{"line": 1}, {"body": "Cra', [{ kind: "object" }, { kind: "array", key: "findings" }, { kind: "object" }], true, "body"],
    ["inside a finding's number", '{"findings": [{"line": 12', [{ kind: "object" }, { kind: "array", key: "findings" }, { kind: "object" }], true, "line"],
    ["inside a member name", '{"findings": [{"li', [{ kind: "object" }, { kind: "array", key: "findings" }, { kind: "object" }], false, undefined],
    ["after a complete member value", '{"summary": "s"', [{ kind: "object" }], false, undefined],
    ["after an escape in a string", '{"summary": "a \\', [{ kind: "object" }], true, "summary"],
    ["an array alone, inside an element", "[{'path': 'a.ts', 'line': 3", [{ kind: "array" }, { kind: "object" }], true, "line"],
  ])("cut %s", (_name, text, open, valueInProgress, member) => {
    const end = jsonEnd(text);
    expect(end.terminated).toBe(false);
    expect(end.open).toEqual(open);
    expect(end.valueInProgress).toBe(valueInProgress);
    expect(end.member).toBe(member);
  });

  it("skips prose before the first bracket, and finds nothing in text without one", () => {
    expect(jsonEnd('Here it is: {"a": 1').open).toEqual([{ kind: "object" }]);
    expect(jsonEnd("No JSON here.")).toEqual({ terminated: false, open: [], valueInProgress: false });
  });
});
