import { describe, expect, it } from "vitest";
import { declarationOnLine, findDeclarations } from "../../../src/core/impact/declarations.js";
import { languageOf, scanSource } from "../../../src/core/impact/source-lines.js";

describe("languageOf", () => {
  it.each([
    ["src/a.ts", "typescript"], ["src/a.d.ts", "typescript"], ["web/App.TSX", "typescript"], ["lib/a.mjs", "typescript"], ["x.cjs", "typescript"],
    ["app/models.py", "python"], ["stubs/a.pyi", "python"], ["cmd/main.go", "go"],
    ["README.md", undefined], ["Makefile", undefined], [".eslintrc", undefined], ["src/main.rs", undefined],
  ])("%s is %s", (path, language) => {
    expect(languageOf(path)).toBe(language);
  });
});

/** The code column of each line, and its depth before → after. */
function scan(text: string, language: "typescript" | "python" | "go"): string[] {
  return scanSource(text, language).map((line) => `${line.depthBefore}>${line.depthAfter}${line.continuesLiteral ? "*" : ""} ${line.code}`);
}

describe("scanSource", () => {
  it("blanks strings, comments and regular expressions in TypeScript, so their brackets do not count", () => {
    expect(scan("const a = '{';\nconst b = \"}\\\"\";\nconst r = /[/{]+\\//gi.test(x); // }\nconst d = a / b / { c: 1 }.c;\n", "typescript")).toEqual([
      "0>0 const a = ' ';",
      "0>0 const b = \"   \";",
      "0>0 const r = /         /.test(x);     ",
      "0>0 const d = a / b / { c: 1 }.c;",
    ]);
  });

  it("carries template literals and block comments over lines", () => {
    expect(scan("const t = `a {\n${b}\n` + f(\n/* {\n} */ 1);\n", "typescript")).toEqual([
      "0>0 const t = `   ",
      "0>0*     ",
      "0>1* ` + f(",
      "1>1     ",
      "1>0*      1);",
    ]);
  });

  it("reads a regular expression after a keyword, and a division after a value", () => {
    expect(scan("return /}/.test(s);\nx = (a) / 2;\n", "typescript")).toEqual(["0>0 return / /.test(s);", "0>0 x = (a) / 2;"]);
  });

  it("ends an unterminated one-line string at the line's end", () => {
    expect(scan("const a = 'open\nconst b = {\n", "typescript")).toEqual(["0>0 const a = '    ", "0>1 const b = {"]);
  });

  it("reads Python's comments, triple-quoted and raw strings", () => {
    expect(scan('x = f(  # ( not counted\n    """doc (\n    still doc""", r"\\d(")\n', "python")).toEqual([
      "0>1 x = f(                 ",
      '1>1     """     ',
      '1>0*              """, r"   ")',
    ]);
  });

  it("reads Go's raw strings over lines, with no escapes in them", () => {
    expect(scan("var s = `a\\` + \"\\\"{\" + `x\n{y`\n", "go")).toEqual(['0>0 var s = `  ` + "   " + ` ', "0>0*   `"]);
  });
});

describe("findDeclarations: more shapes", () => {
  it("reads TypeScript's default, const enum and namespace exports, and skips private members", () => {
    const source = [
      "export default class Page {",
      "  private state = 1;",
      "  protected guard = () => true;",
      "  private onClick = (e: Event) => e;",
      "  #secret() {}",
      "  static async *items(): AsyncGenerator<number> {}",
      "}",
      "export const enum Flag { A, B }",
      "export namespace Tools {",
      "  export const x = 1;",
      "}",
      "export default classNames;",
    ].join("\n");
    expect(findDeclarations("a.ts", source).map((d) => `${d.kind} ${d.name} ${d.startLine}-${d.endLine}`)).toEqual([
      "class Page 1-7",
      "method Page.guard 3-3",
      "method Page.items 6-6",
      "enum Flag 8-8",
      "namespace Tools 9-11",
    ]);
  });

  it("reads Go's grouped types and generic receivers", () => {
    const source = [
      "package p",
      "",
      "type (",
      "\tID string",
      "\tBox[T any] struct {",
      "\t\tvalue T",
      "\t}",
      "\tReader interface {",
      "\t\tRead() error",
      "\t}",
      ")",
      "",
      "func (b *Box[T]) Get() T {",
      "\treturn b.value",
      "}",
    ].join("\n");
    expect(findDeclarations("p.go", source).map((d) => `${d.kind} ${d.name} ${d.startLine}-${d.endLine}`)).toEqual([
      "type ID 4-4",
      "type Box 5-7",
      "interface Reader 8-10",
      "method Box.Get 13-15",
    ]);
  });

  it("reads one line without its file", () => {
    expect(declarationOnLine("def load(path):", "python")).toEqual({ name: "load", identifier: "load", member: false, kind: "function" });
    expect(declarationOnLine("    def get(self):", "python", "Store")).toEqual({ name: "Store.get", identifier: "get", member: true, kind: "method" });
    expect(declarationOnLine("    def _get(self):", "python", "Store")).toBeUndefined();
    expect(declarationOnLine("    def get(self):", "python")).toBeUndefined();
    expect(declarationOnLine("class _Hidden:", "python")).toBeUndefined();
    expect(declarationOnLine("func (s *Store) Get() {", "go")).toEqual({ name: "Store.Get", identifier: "Get", member: true, kind: "method" });
    expect(declarationOnLine("func helper() {", "go")).toBeUndefined();
    expect(declarationOnLine("  render() {", "typescript")).toBeUndefined();
    expect(declarationOnLine("  render() {", "typescript", "Widget")).toMatchObject({ name: "Widget.render" });
  });

  it("gives nothing for a file in another language", () => {
    expect(findDeclarations("lib.rs", "pub fn a() {}\n")).toEqual([]);
  });
});
