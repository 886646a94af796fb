import { describe, expect, it } from "vitest";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import type { ChangedSymbol } from "../../../src/core/impact/changed-symbols.js";
import { findCrossFileImpact } from "../../../src/core/impact/cross-file-impact.js";
import { findSymbolUses, type ImpactEnvironment, type ImpactLimits } from "../../../src/core/impact/symbol-uses.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import { renderImpactSections } from "../../../src/core/prompt/render-impact.js";
import { mayShow, redact } from "../agent/support.js";
import { diffOf } from "./support.js";

function environment(files: Record<string, string>, diffs: readonly FileDiff[] = [], limits: Partial<ImpactLimits> = {}): ImpactEnvironment {
  return { snapshot: memorySnapshot(new Map(Object.entries(files))), mayShow, redact, diffs, limits };
}

const parseConfig: ChangedSymbol = {
  name: "parseConfig", identifier: "parseConfig", member: false, kind: "function", language: "typescript",
  path: "src/config.ts", lines: { start: 1, end: 3 }, change: "signature", changedLines: 1,
};

const TS_REPO = {
  "src/config.ts": "export function parseConfig(raw: string, strict: boolean) {\n  return parseConfig;\n}\nconst again = parseConfig('x', true);\n",
  "src/app.ts": [
    'import { parseConfig } from "./config";',
    "",
    "export function start(raw: string) {",
    "  const config = parseConfig(raw);",
    "  return config;",
    "}",
  ].join("\n"),
  "src/cli.ts": "const parseConfigFile = 1;\nconst c = parseConfig(process.argv[2]);\n",
  "lib/legacy.js": "const { parseConfig } = require('../src/config');\nmodule.exports = parseConfig('{}');\n",
  "docs/config.md": "Call parseConfig(raw).\n",
  "tools/gen.py": "parseConfig = 1\n",
  ".env.ts": "parseConfig('sk-abcdefghijkl')\n",
};

describe("findSymbolUses", () => {
  it("shows each use with lines around it, other files first, the symbol's own lines and imports left out", async () => {
    const [section] = await findSymbolUses([parseConfig], environment(TS_REPO));
    expect(section?.text).toBe(
      [
        "Uses of `parseConfig` (its signature changed in this pull request; declared in src/config.ts:1): 4 found",
        "lib/legacy.js:2",
        "   1 | const { parseConfig } = require('../src/config');",
        ">  2 | module.exports = parseConfig('{}');",
        "src/app.ts:4",
        "   2 | ",
        "   3 | export function start(raw: string) {",
        ">  4 |   const config = parseConfig(raw);",
        "   5 |   return config;",
        "   6 | }",
        "src/cli.ts:2",
        "   1 | const parseConfigFile = 1;",
        ">  2 | const c = parseConfig(process.argv[2]);",
        "src/config.ts:4",
        "   2 |   return parseConfig;",
        "   3 | }",
        ">  4 | const again = parseConfig('x', true);",
      ].join("\n"),
    );
    expect(section?.shown).toEqual([
      { path: "lib/legacy.js", line: 2 }, { path: "src/app.ts", line: 4 }, { path: "src/cli.ts", line: 2 }, { path: "src/config.ts", line: 4 },
    ]);
    expect(section?.found).toBe(4);
  });

  it("leaves out the lines the pull request adds: the diff shows them already", async () => {
    const before = TS_REPO["src/app.ts"].replace("  const config = parseConfig(raw);\n", "");
    const diff = diffOf("src/app.ts", before, TS_REPO["src/app.ts"]);
    const [section] = await findSymbolUses([parseConfig], environment(TS_REPO, [diff]));
    expect(section?.shown.map((use) => use.path)).toEqual(["lib/legacy.js", "src/cli.ts", "src/config.ts"]);
  });

  it("caps the uses per symbol and says how many there are", async () => {
    const callers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`src/c${i}.ts`, `parseConfig("${i}");\n`]));
    const [section] = await findSymbolUses([parseConfig], environment(callers, [], { maxUsesPerSymbol: 3, contextLines: 0 }));
    expect(section?.text.split("\n")[0]).toBe("Uses of `parseConfig` (its signature changed in this pull request; declared in src/config.ts:1): 3 of 9 shown");
    expect(section?.shown).toHaveLength(3);
  });

  it("shows a use once when an earlier one's lines already show it", async () => {
    const [section] = await findSymbolUses([parseConfig], environment({ "src/a.ts": "parseConfig(1);\nparseConfig(2);\nx();\nx();\nx();\nparseConfig(3);\n" }));
    expect(section?.shown.map((use) => use.line)).toEqual([1, 6]);
  });

  it("finds a method only after a dot", async () => {
    const render: ChangedSymbol = { ...parseConfig, name: "Widget.render", identifier: "render", member: true, kind: "method", path: "src/widget.ts", lines: { start: 5, end: 7 } };
    const files = { "src/page.ts": "render(page);\nwidget.render(props);\nwidget\n  .render(other);\n" };
    const [section] = await findSymbolUses([render], environment(files, [], { contextLines: 0 }));
    expect(section?.shown).toEqual([{ path: "src/page.ts", line: 2 }, { path: "src/page.ts", line: 4 }]);
  });

  it("searches Python and Go files for their own symbols only", async () => {
    const files = {
      "app/store.py": "class Store:\n    def get(self, key):\n        return key\n",
      "app/views.py": "from app.store import Store\n\nstore = Store()\nstore.get('a')\n",
      "web/store.ts": "store.get('a');\n",
      "cmd/main.go": "package main\n\nimport \"x/store\"\n\nfunc main() {\n\ts := store.New()\n\t_ = s.Get(\"a\")\n}\n",
    };
    const get: ChangedSymbol = { ...parseConfig, name: "Store.get", identifier: "get", member: true, kind: "method", language: "python", path: "app/store.py", lines: { start: 2, end: 3 } };
    const newStore: ChangedSymbol = { ...parseConfig, name: "New", identifier: "New", kind: "function", language: "go", path: "store/store.go", lines: { start: 1, end: 3 } };
    const sections = await findSymbolUses([get, newStore], environment(files, [], { contextLines: 0 }));
    expect(sections.map((section) => section.shown)).toEqual([[{ path: "app/views.py", line: 4 }], [{ path: "cmd/main.go", line: 6 }]]);
  });

  it("never searches a secret file, and redacts what it shows", async () => {
    const files = { ".env.ts": TS_REPO[".env.ts"], "src/a.ts": "parseConfig('sk-abcdefghijkl');\n" };
    const [section] = await findSymbolUses([parseConfig], environment(files));
    expect(section?.text).toContain(">  1 | parseConfig('[redacted]');");
    expect(section?.shown).toEqual([{ path: "src/a.ts", line: 1 }]);
  });

  it("says when a removed symbol or changed signature has no uses left, and stays silent for a body change", async () => {
    const removed = { ...parseConfig, change: "removed" as const };
    const { lines: _lines, ...withoutLines } = removed;
    const [section] = await findSymbolUses([withoutLines], environment({ "src/x.ts": "other();\n" }));
    expect(section?.text).toBe("Uses of `parseConfig` (removed or renamed in this pull request; declared in src/config.ts): no uses found elsewhere in the repository.");
    expect(await findSymbolUses([{ ...parseConfig, change: "body" }], environment({ "src/x.ts": "other();\n" }))).toEqual([]);
  });

  it("keeps all sections within the character budget, and looks up at most maxSymbols symbols", async () => {
    const symbols = ["alpha", "beta", "gamma"].map((name): ChangedSymbol => ({ ...parseConfig, name, identifier: name }));
    const files = Object.fromEntries(["alpha", "beta", "gamma"].map((name) => [`src/${name}.user.ts`, `${name}(1);\n`.repeat(30)]));
    const sections = await findSymbolUses(symbols, environment(files, [], { maxChars: 700 }));
    expect(sections.reduce((sum, section) => sum + section.text.length, 0)).toBeLessThanOrEqual(700);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.length).toBeLessThan(3);
    expect(await findSymbolUses(symbols, environment(files, [], { maxSymbols: 1 }))).toHaveLength(1);
  });
});

describe("findCrossFileImpact", () => {
  it("finds the changed exported symbols of the diff and their uses, head texts read from the snapshot", async () => {
    const before = "export function parseConfig(raw: string) {\n  return raw;\n}\n\nfunction internal() {\n  return 1;\n}\n";
    const after = before.replace("parseConfig(raw: string)", "parseConfig(raw: string, strict: boolean)").replace("return 1;", "return 2;");
    const files = { "src/config.ts": after, "src/app.ts": "export const c = parseConfig(input);\n", "README.md": "parseConfig\n" };
    const diffs = [diffOf("src/config.ts", before, after), diffOf("README.md", "x\n", "parseConfig\n")];
    const impact = await findCrossFileImpact(environment(files, diffs), new Map([["src/config.ts", before]]));
    expect(impact.symbols.map((symbol) => `${symbol.name} ${symbol.change}`)).toEqual(["parseConfig signature"]);
    expect(impact.sections.map((section) => section.shown)).toEqual([[{ path: "src/app.ts", line: 1 }]]);
    expect(renderImpactSections(impact.sections)).toBe(
      [
        "Code elsewhere in the repository that uses symbols this pull request changes (untrusted; not part of the diff, so anchor a finding about it on the changed line):",
        "<pr_data>",
        "Uses of `parseConfig` (its signature changed in this pull request; declared in src/config.ts:1): 1 found",
        "src/app.ts:1",
        ">  1 | export const c = parseConfig(input);",
        "</pr_data>",
      ].join("\n"),
    );
  });

  it("reads a removed file's symbols from its base text, found by its old path when renamed", async () => {
    const before = "export function oldName(a: number) {\n  return a;\n}\n";
    const removed = diffOf("src/old.ts", before, null);
    const impact = await findCrossFileImpact(environment({ "src/user.ts": "oldName(1);\n" }, [removed]), new Map([["src/old.ts", before]]));
    expect(impact.symbols.map((symbol) => `${symbol.path} ${symbol.name} ${symbol.change}`)).toEqual(["src/old.ts oldName removed"]);
    expect(impact.sections[0]?.shown).toEqual([{ path: "src/user.ts", line: 1 }]);
  });

  it("stops before a use that would not fit the budget", async () => {
    expect(await findSymbolUses([parseConfig], environment(TS_REPO, [], { maxChars: 150 }))).toEqual([]);
  });

  it("finds nothing for added files, files of other languages and secret files", async () => {
    const diffs = [diffOf("src/new.ts", null, "export function a() {}\n"), diffOf("config/.env.ts", "export const A = 1;\n", "export const A = 2;\n")];
    const impact = await findCrossFileImpact(environment({ "src/new.ts": "export function a() {}\n", "src/b.ts": "a(); A;\n" }, diffs));
    expect(impact).toEqual({ symbols: [], sections: [] });
    expect(renderImpactSections([])).toBe("");
  });
});
