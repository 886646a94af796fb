import { describe, expect, it } from "vitest";
import { changedSymbolsOf, rankChangedSymbols, type ChangedSymbol } from "../../../src/core/impact/changed-symbols.js";
import { diffOf } from "./support.js";

/** `name change` for each symbol found, in the finder's order. */
function found(path: string, before: string | null, after: string | null, texts: "both" | "head" | "base" | "none" = "both"): string[] {
  const diff = diffOf(path, before, after);
  const given = {
    ...(texts === "both" || texts === "base" ? (before === null ? {} : { base: before }) : {}),
    ...(texts === "both" || texts === "head" ? (after === null ? {} : { head: after }) : {}),
  };
  return changedSymbolsOf(diff, given).map((symbol) => `${symbol.name} ${symbol.change}`).sort();
}

const TS_BEFORE = `import { read } from "./read";

/** Reads { the } config. */
export function parseConfig(raw: string): Config {
  const text = read(raw);
  return JSON.parse(text) as Config;
}

export function unchanged(): number {
  return 1;
}

function internal(x: number): number {
  return x * 2;
}

export type Mode = "fast" | "safe";

export class Widget {
  constructor(readonly name: string) {}

  render(props: Props): string {
    return \`<div>\${props.title}</div>\`;
  }

  private layout(): number {
    return 1;
  }
}

export const handler = async (req: Request) => {
  return req.url;
};

export function removedLater(): void {}
`;

type Case = readonly [description: string, edit: (source: string) => string, expected: readonly string[]];

describe("changed symbols: TypeScript", () => {
  const cases: readonly Case[] = [
    ["a parameter added to an exported function", (s) => s.replace("parseConfig(raw: string)", "parseConfig(raw: string, strict: boolean)"), ["parseConfig signature"]],
    ["a line of an exported function's body", (s) => s.replace("const text = read(raw);", "const text = read(raw).trim();"), ["parseConfig body"]],
    ["a method's body, not its class", (s) => s.replace("<div>${props.title}</div>", "<section>${props.title}</section>"), ["Widget.render body"]],
    ["a method's parameters", (s) => s.replace("render(props: Props)", "render(props: Props, theme: Theme)"), ["Widget.render signature"]],
    ["a private method: the class's behaviour", (s) => s.replace("return 1;\n  }\n}", "return 2;\n  }\n}"), ["Widget body"]],
    ["the constructor's parameters: how the class is made", (s) => s.replace("constructor(readonly name: string)", "constructor(readonly name: string, size: number)"), ["Widget signature"]],
    ["a type alias: its shape", (s) => s.replace('"fast" | "safe"', '"fast" | "safe" | "auto"'), ["Mode signature"]],
    ["an exported arrow function", (s) => s.replace("return req.url;", "return req.method;"), ["handler body"]],
    ["a function that is not exported", (s) => s.replace("return x * 2;", "return x * 3;"), []],
    ["a new exported function", (s) => `${s}\nexport function added(): void {}\n`, []],
    ["a removed exported function", (s) => s.replace("export function removedLater(): void {}\n", ""), ["removedLater removed"]],
    ["a renamed exported function", (s) => s.replace("unchanged(): number", "renamed(): number"), ["unchanged removed"]],
    ["a comment with braces only above a function", (s) => s.replace("Reads { the } config.", "Reads { the } config file."), []],
  ];
  it.each(cases)("%s", (_description, edit, expected) => {
    expect(found("src/config.ts", TS_BEFORE, edit(TS_BEFORE))).toEqual(expected);
  });

  it("reads the symbols of a removed file as removed", () => {
    expect(found("src/config.ts", TS_BEFORE, null)).toEqual(
      ["Mode removed", "Widget removed", "Widget.render removed", "handler removed", "parseConfig removed", "removedLater removed", "unchanged removed"],
    );
  });

  it("finds nothing to check in an added file", () => {
    expect(found("src/config.ts", null, TS_BEFORE)).toEqual([]);
  });

  it("reads a changed symbol from the head text alone, without knowing whether it is new", () => {
    expect(found("src/config.ts", TS_BEFORE, TS_BEFORE.replace("const text = read(raw);", "const text = read(raw) ?? '';"), "head")).toEqual(["parseConfig body"]);
  });

  it("takes a declaration the diff adds whole for new when only the head text is known, as a review knows it", () => {
    const after = `${TS_BEFORE}\nexport function addedLater(value: string): string {\n  return value.trim();\n}\n`;
    expect(found("src/config.ts", TS_BEFORE, after, "head")).toEqual([]);
  });

  it("counts overloads as one symbol spanning all of them", () => {
    const before = "export function f(a: string): string;\nexport function f(a: number): number;\nexport function f(a: unknown) {\n  return a;\n}\n";
    const after = before.replace("return a;", "return a ?? null;");
    const symbols = changedSymbolsOf(diffOf("src/f.ts", before, after), { base: before, head: after });
    expect(symbols.map((symbol) => [symbol.name, symbol.change, symbol.lines])).toEqual([["f", "body", { start: 1, end: 5 }]]);
  });

  it("reads a changed symbol from the base text alone", () => {
    const after = TS_BEFORE.replace("parseConfig(raw: string)", "parseConfig(raw: string, strict: boolean)").replace("return x * 2;", "return x * 4;");
    expect(found("src/config.ts", TS_BEFORE, after, "base")).toEqual(["parseConfig signature"]);
    expect(found("src/config.ts", TS_BEFORE, TS_BEFORE.replace("return 1;\n}\n\nfunction", "return 9;\n}\n\nfunction"), "base")).toEqual(["unchanged body"]);
  });

  it("gives the symbol's lines at the head", () => {
    const after = TS_BEFORE.replace("const text = read(raw);", "const text = read(raw).trim();");
    const [symbol] = changedSymbolsOf(diffOf("src/config.ts", TS_BEFORE, after), { base: TS_BEFORE, head: after });
    expect(symbol).toEqual({
      name: "parseConfig", identifier: "parseConfig", member: false, kind: "function", language: "typescript",
      path: "src/config.ts", lines: { start: 4, end: 7 }, change: "body", changedLines: 2,
    });
  });
});

const JS_BEFORE = `'use strict';
const { helper } = require("./helper");

exports.legacy = function (a) {
  return helper(a);
};

function local(b) {
  return b + 1;
}

module.exports.other = (c) => c;

export { local };
`;

describe("changed symbols: JavaScript", () => {
  const cases: readonly Case[] = [
    ["a CommonJS export's parameters", (s) => s.replace("exports.legacy = function (a)", "exports.legacy = function (a, b)"), ["legacy signature"]],
    ["a CommonJS export's body", (s) => s.replace("return helper(a);", "return helper(a) || null;"), ["legacy body"]],
    ["a function exported by an export list", (s) => s.replace("return b + 1;", "return b + 2;"), ["local body"]],
    ["module.exports.name", (s) => s.replace("(c) => c;", "(c) => c * 2;"), ["other signature"]],
  ];
  it.each(cases)("%s", (_description, edit, expected) => {
    expect(found("lib/legacy.js", JS_BEFORE, edit(JS_BEFORE))).toEqual(expected);
  });
});

const PY_BEFORE = `import os


def load(path,
         strict=False):
    """Load it. def inner(): is not a function."""
    with open(path) as handle:
        return handle.read()


def _private():
    return 1


class Store:
    def __init__(self, root):
        self.root = root

    def get(self, key):
        return os.path.join(self.root, key)

    def _cache(self):
        return {}


CONSTANT = 1
`;

describe("changed symbols: Python", () => {
  const cases: readonly Case[] = [
    ["a parameter on the second line of a signature", (s) => s.replace("strict=False):", "strict=True):"), ["load signature"]],
    ["a top-level function's body", (s) => s.replace("return handle.read()", "return handle.read().strip()"), ["load body"]],
    ["a method's body", (s) => s.replace("os.path.join(self.root, key)", "os.path.join(self.root, key.lower())"), ["Store.get body"]],
    ["__init__'s parameters: how the class is made", (s) => s.replace("def __init__(self, root):", "def __init__(self, root, cache):"), ["Store signature"]],
    ["a private method: the class's behaviour", (s) => s.replace("return {}", "return dict()"), ["Store body"]],
    ["a private function", (s) => s.replace("return 1\n", "return 2\n"), []],
    ["a removed method", (s) => s.replace("    def get(self, key):\n        return os.path.join(self.root, key)\n\n", ""), ["Store.get removed"]],
  ];
  it.each(cases)("%s", (_description, edit, expected) => {
    expect(found("app/store.py", PY_BEFORE, edit(PY_BEFORE))).toEqual(expected);
  });
});

const GO_BEFORE = `package store

import "strings"

// Store keeps { items }.
type Store struct {
	items map[string]string
}

func New() *Store {
	return &Store{items: map[string]string{}}
}

func (s *Store) Get(key string) string {
	return s.items[strings.ToLower(key)]
}

func (s *Store) put(key, value string) {
	s.items[key] = value
}

func helper() string {
	return "x"
}
`;

describe("changed symbols: Go", () => {
  const cases: readonly Case[] = [
    ["an exported function's signature", (s) => s.replace("func New() *Store {", "func New(size int) *Store {"), ["New signature"]],
    ["an exported method's body", (s) => s.replace("strings.ToLower(key)", "strings.TrimSpace(key)"), ["Store.Get body"]],
    ["a struct's fields: its shape", (s) => s.replace("items map[string]string\n}", "items map[string]string\n\tsize  int\n}"), ["Store signature"]],
    ["an unexported method", (s) => s.replace("s.items[key] = value", "s.items[strings.ToLower(key)] = value"), []],
    ["an unexported function", (s) => s.replace('return "x"', 'return "y"'), []],
  ];
  it.each(cases)("%s", (_description, edit, expected) => {
    expect(found("store/store.go", GO_BEFORE, edit(GO_BEFORE))).toEqual(expected);
  });
});

describe("changed symbols from the diff alone", () => {
  it("reads a changed declaration line as a changed signature, and the function a hunk header names as a changed body", () => {
    const signature = TS_BEFORE.replace("parseConfig(raw: string)", "parseConfig(raw: string, strict: boolean)");
    expect(found("src/config.ts", TS_BEFORE, signature, "none")).toEqual(["parseConfig signature"]);
    const body = TS_BEFORE.replace("return x * 2;", "return x * 3;").replace("return req.url;", "return req.method;");
    // The function a changed line sits in is read from the hunk's own lines; `internal` is not exported.
    expect(found("src/config.ts", TS_BEFORE, body, "none")).toEqual(["handler body"]);
  });

  it("reads the enclosing declaration from the hunk header when its first line is above the hunk", () => {
    const long = TS_BEFORE.replace("  const text = read(raw);", `${"  // step\n".repeat(8)}  const text = read(raw);`);
    const after = long.replace("return JSON.parse(text) as Config;", "return JSON.parse(text.trim()) as Config;");
    expect(diffOf("src/config.ts", long, after).hunks[0]?.header).toMatch(/@@ export function parseConfig/);
    expect(found("src/config.ts", long, after, "none")).toEqual(["parseConfig body"]);
  });

  it("attributes Python and Go lines by indentation, a method to its class", () => {
    expect(found("app/store.py", PY_BEFORE, PY_BEFORE.replace("key)\n", "key.lower())\n"), "none")).toEqual(["Store.get body"]);
    expect(found("store/store.go", GO_BEFORE, GO_BEFORE.replace("strings.ToLower(key)", "key"), "none")).toEqual(["Store.Get body"]);
    expect(found("store/store.go", GO_BEFORE, GO_BEFORE.replace("s.items[key] = value", "s.items[key] = value + \"\""), "none")).toEqual([]);
  });

  it("reads a method of the class a hunk header names", () => {
    const after = TS_BEFORE.replace("render(props: Props)", "render(props: Props, theme: Theme)");
    expect(found("src/config.ts", TS_BEFORE, after, "none")).toEqual(["Widget.render signature"]);
  });

  it("reads a deleted declaration as removed, and a declaration only added as new", () => {
    expect(found("app/store.py", PY_BEFORE, PY_BEFORE.replace("def load(path,", "def read(path,"), "none")).toEqual(["load removed"]);
    expect(found("store/store.go", GO_BEFORE, `${GO_BEFORE}\nfunc Added() {}\n`, "none")).toEqual([]);
  });

  it("finds nothing in files of other languages", () => {
    expect(found("README.md", "# A\n", "# B\n", "none")).toEqual([]);
    expect(found("main.rs", "pub fn a() {}\n", "pub fn a(b: u8) {}\n")).toEqual([]);
  });
});

describe("rankChangedSymbols", () => {
  const symbol = (name: string, change: ChangedSymbol["change"], changedLines: number, path = "a.ts"): ChangedSymbol => ({
    name, identifier: name, member: false, kind: "function", language: "typescript", path, change, changedLines,
  });

  it("puts removed symbols first, then signatures, then bodies, more changed lines first, and keeps the top N", () => {
    const ranked = rankChangedSymbols(
      [symbol("b1", "body", 9), symbol("s1", "signature", 1), symbol("r1", "removed", 1), symbol("s2", "signature", 4), symbol("b2", "body", 1)],
      4,
    );
    expect(ranked.map((s) => s.name)).toEqual(["r1", "s2", "s1", "b1"]);
  });

  it("keeps one entry per path and name, the most serious change", () => {
    const ranked = rankChangedSymbols([symbol("f", "body", 2), symbol("f", "signature", 1), symbol("f", "body", 1, "b.ts")], 10);
    expect(ranked.map((s) => `${s.path} ${s.name} ${s.change}`)).toEqual(["a.ts f signature", "b.ts f body"]);
  });
});
