import { describe, expect, it } from "vitest";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import { searchCode } from "../../../src/core/agent/search-code.js";
import type { RepositorySnapshot, SnapshotFile } from "../../../src/core/ports.js";
import { environment, environmentOf, lines } from "./support.js";

const files = {
  "src/b.ts": "import { parse } from './a';\nexport const x = parse('1');\n",
  "src/a.ts": "export function parse(text: string) {\n  return Number(text);\n}\n",
  "test/a.test.ts": "expect(parse('2')).toBe(2);\nparseAll();\n",
  "README.md": "Call parse() to read.\n",
};

describe("search_code", () => {
  it("answers `path:line: text` for every matching line, in path then line order, after a header naming the call", async () => {
    const result = await searchCode({ query: "parse(" }, environment(files));
    expect(result.header).toBe('search_code "parse("');
    expect(result.body).toBe(
      [
        "README.md:1: Call parse() to read.",
        "src/a.ts:1: export function parse(text: string) {",
        "src/b.ts:2: export const x = parse('1');",
        "test/a.test.ts:1: expect(parse('2')).toBe(2);",
      ].join("\n"),
    );
    expect(result.notes).toEqual(["4 matching lines in 4 files (4 files searched)."]);
    expect(result.isError).toBe(false);
  });

  it("matches the query literally and case-sensitively unless regex is set", async () => {
    const env = environment({ "a.ts": "a.b\naxb\nA.B\n" });
    expect((await searchCode({ query: "a.b" }, env)).body).toBe("a.ts:1: a.b");
    expect((await searchCode({ query: "a.b", regex: true }, env)).body).toBe("a.ts:1: a.b\na.ts:2: axb");
    expect((await searchCode({ query: "(?i)a\\.b", regex: true }, env)).body).toBe("a.ts:1: a.b\na.ts:3: A.B");
  });

  it("reads ^ and $ at line breaks in a regex, as grep does", async () => {
    const result = await searchCode({ query: "^export", regex: true }, environment(files));
    expect(result.body).toBe(["src/a.ts:1: export function parse(text: string) {", "src/b.ts:2: export const x = parse('1');"].join("\n"));
    expect(result.header).toBe('search_code "^export" regex');
  });

  it("limits the search to path_glob; a glob without a slash matches file names at any depth", async () => {
    const env = environment(files);
    const inSrc = await searchCode({ query: "parse", path_glob: "src/**" }, env);
    expect(inSrc.header).toBe('search_code "parse" path_glob="src/**"');
    expect(inSrc.body.split("\n").map((line) => line.split(":")[0])).toEqual(["src/a.ts", "src/b.ts", "src/b.ts"]);
    const dotted = await searchCode({ query: "parse", path_glob: "./src/**" }, env);
    expect(dotted.body).toBe(inSrc.body);
    const tests = await searchCode({ query: "parse", path_glob: "*.test.ts" }, env);
    expect(tests.body).toBe("test/a.test.ts:1: expect(parse('2')).toBe(2);\ntest/a.test.ts:2: parseAll();");
  });

  it("says so when nothing matches", async () => {
    const result = await searchCode({ query: "nowhere" }, environment(files));
    expect(result).toEqual({ header: 'search_code "nowhere"', body: "", notes: ["No match (4 files searched)."], isError: false });
  });

  it("never searches a secret file, and finds nothing that redaction hides", async () => {
    const env = environment({ ".env": "API=sk-abcdefghijkl\n", "certs/tls.pem": "sk-abcdefghijkl\n", "src/c.ts": "const k = 'sk-abcdefghijkl';\n" });
    const secret = await searchCode({ query: "sk-abcdefghijkl" }, env);
    expect(secret.body).toBe("");
    expect(secret.notes).toEqual(["No match (1 file searched)."]);
    const around = await searchCode({ query: "const k" }, env);
    expect(around.body).toBe("src/c.ts:1: const k = '[redacted]';");
  });

  it("shows at most the per-file cap of one file's lines and says how many more it has", async () => {
    const env = environment({ "a.ts": lines(30, () => "hit"), "b.ts": "hit\n" }, { maxMatchesPerFile: 3 });
    const result = await searchCode({ query: "hit" }, env);
    expect(result.body).toBe(["a.ts:1: hit", "a.ts:2: hit", "a.ts:3: hit", "a.ts: … 27 more matching lines", "b.ts:1: hit"].join("\n"));
    expect(result.notes[0]).toBe("4 of 31 matching lines in 2 files shown (2 files searched); search for something more precise or narrow it with path_glob.");
  });

  it("stops at the match cap over all files", async () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${String(i).padStart(2, "0")}.ts`, "hit\nhit\n"]));
    const result = await searchCode({ query: "hit", path_glob: "*.ts" }, environment(many, { maxSearchMatches: 5 }));
    expect(result.body.split("\n")).toEqual(["f00.ts:1: hit", "f00.ts:2: hit", "f01.ts:1: hit", "f01.ts:2: hit", "f02.ts:1: hit"]);
    expect(result.notes[0]).toBe("5 of 40 matching lines in 20 files shown (20 files searched); search for something more precise.");
  });

  it("stops at the size cap", async () => {
    const result = await searchCode({ query: "hit" }, environment({ "a.ts": lines(40, (n) => `hit number ${n}`) }, { maxResultChars: 100, maxMatchesPerFile: 50 }));
    expect(result.body.length).toBeLessThanOrEqual(100);
    expect(result.body.split("\n")).toHaveLength(4);
    expect(result.notes[0]).toMatch(/^4 of 40 matching lines in 1 file shown/);
  });

  it("counts a line once however often it matches, and shows a long line around its first match", async () => {
    const long = `${"a".repeat(1000)} needle ${"b".repeat(1000)} needle\n`;
    const result = await searchCode({ query: "needle" }, environment({ "min.js": long }));
    expect(result.notes[0]).toBe("1 matching line in 1 file (1 file searched).");
    const line = result.body;
    expect(line.startsWith("min.js:1: …aaaa")).toBe(true);
    expect(line).toContain(" needle bbbb");
    expect(line.endsWith("…")).toBe(true);
    expect(line.length).toBeLessThan(280);
  });

  it("rejects a regex RE2 cannot compile, or one that matches empty text, with the reason", async () => {
    const env = environment(files);
    const lookbehind = await searchCode({ query: "(?<=a)b", regex: true }, env);
    expect(lookbehind.isError).toBe(true);
    expect(lookbehind.notes[0]).toMatch(/^The query is not a valid RE2 regular expression \(.+\)\.$/);
    const empty = await searchCode({ query: "x*", regex: true }, env);
    expect(empty.notes).toEqual(["The query is the regular expression matches empty text; make it name what to find."]);
  });

  it("runs a pathological regex over a long line without backtracking", async () => {
    // JavaScript's own engine would not finish this within the age of the universe (the test would time out);
    // RE2 reads the line once.
    const env = environment({ "evil.txt": `${"a".repeat(200_000)}!\n` });
    const result = await searchCode({ query: "(a+)+$", regex: true }, env);
    expect(result.body).toBe("");
    expect(result.notes).toEqual(["No match (1 file searched)."]);
  });

  it("stops a regex search at the scan cap and says which files were left", async () => {
    const env = environment({ "a.ts": lines(100), "b.ts": lines(100), "c.ts": lines(100) }, { maxRegexScanChars: 1000, maxMatchesPerFile: 10 });
    const result = await searchCode({ query: "line 5\\d", regex: true }, env);
    // The cap is checked between files: a.ts (790 characters) and b.ts are scanned, c.ts is not.
    expect(result.body.split("\n").map((line) => line.split(":")[0])).toEqual([...Array<string>(10).fill("a.ts"), ...Array<string>(10).fill("b.ts")]);
    expect(result.notes).toContain("Stopped after scanning 1,000 characters: 1 file not searched; narrow the search with path_glob.");
    const literal = await searchCode({ query: "line 50" }, env);
    expect(literal.notes[0]).toBe("3 matching lines in 3 files (3 files searched).");
  });

  it("reports files it could not search, skips binaries, and says when the file list is incomplete", async () => {
    const stored = new Map<string, string | SnapshotFile>([
      ["a.ts", "hit\n"],
      ["b.ts", { kind: "unavailable", reason: "not kept in memory (the snapshot's size cap)" }],
      ["c.ts", { kind: "unavailable", reason: "not kept in memory (the snapshot's size cap)" }],
      ["big.ts", { kind: "too-large", bytes: 5_000_000, limit: 1_000_000 }],
      ["img.png", "hit\u0000"],
    ]);
    const result = await searchCode({ query: "hit" }, environmentOf(memorySnapshot(stored, "GitHub truncated the tree")));
    expect(result.body).toBe("a.ts:1: hit");
    expect(result.notes).toEqual([
      "1 matching line in 1 file (1 file searched).",
      "2 files not searched: not kept in memory (the snapshot's size cap).",
      "1 file too large to search.",
      "The repository's file list is incomplete: GitHub truncated the tree.",
    ]);
  });

  it("asks the snapshot for files as a search, in batches, and pauses between large stretches of text", async () => {
    const purposes: string[] = [];
    let concurrent = 0;
    let most = 0;
    const inner = memorySnapshot(new Map(Array.from({ length: 20 }, (_, i) => [`f${String(i).padStart(2, "0")}.ts`, "x".repeat(300_000)])));
    const snapshot: RepositorySnapshot = {
      listFiles: () => inner.listFiles(),
      async readFile(path, purpose) {
        purposes.push(purpose ?? "read");
        concurrent += 1;
        most = Math.max(most, concurrent);
        await Promise.resolve();
        concurrent -= 1;
        return inner.readFile(path);
      },
    };
    let pauses = 0;
    const env = { ...environmentOf(snapshot), pause: async () => { pauses += 1; } };
    await searchCode({ query: "y" }, env);
    expect(new Set(purposes)).toEqual(new Set(["search"]));
    expect(most).toBe(8);
    expect(pauses).toBe(2);
  });
});
