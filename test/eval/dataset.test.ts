import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/adapters/eval/load-dataset.js";
import { parsePatch } from "../../src/core/diff/parse-patch.js";
import type { EvalCase } from "../../src/core/eval/types.js";

const DATASET = resolve(import.meta.dirname, "../../eval");
const LANGUAGES: Readonly<Record<string, string>> = { ".ts": "TypeScript", ".js": "JavaScript", ".py": "Python", ".go": "Go" };

let cases: EvalCase[];
beforeAll(async () => {
  cases = await loadDataset(DATASET);
});

function languageOf(evalCase: EvalCase): string | undefined {
  const extensions = new Set(evalCase.files.map((file) => /\.[a-z]+$/.exec(file.path)?.[0] ?? ""));
  const languages = [...extensions].flatMap((extension) => LANGUAGES[extension] ?? []);
  return languages.length === 1 ? languages[0] : undefined;
}

/** The new-file lines a review comment can be anchored to: added and context lines of the file's hunks. */
function rightSideLines(evalCase: EvalCase, path: string): Set<number> {
  const patch = evalCase.files.find((file) => file.path === path)?.patch;
  const lines = new Set<number>();
  for (const hunk of parsePatch(patch ?? "")) {
    for (const line of hunk.lines) if (line.newLine !== undefined) lines.add(line.newLine);
  }
  return lines;
}

describe("the shipped dataset in eval/", () => {
  it("loads without problems and has at least 20 cases, 5 of them clean", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(5);
  });

  it("covers TypeScript, JavaScript, Python and Go with several cases each, bugs and clean changes", () => {
    const byLanguage = new Map<string, EvalCase[]>();
    for (const evalCase of cases) {
      const language = languageOf(evalCase);
      expect(language, `${evalCase.id} changes files of one language`).toBeDefined();
      byLanguage.set(language ?? "", [...(byLanguage.get(language ?? "") ?? []), evalCase]);
    }
    for (const language of Object.values(LANGUAGES)) {
      const ofLanguage = byLanguage.get(language) ?? [];
      expect(ofLanguage.length, language).toBeGreaterThanOrEqual(5);
      expect(ofLanguage.some((c) => c.expected.length === 0), `${language} has a clean case`).toBe(true);
    }
  });

  it("has cases whose bug shows only with code outside the diff, and that code is in after/", () => {
    const outside = cases.filter((c) => c.expected.some((issue) => issue.description.includes("(not in the diff)")));
    expect(outside.length).toBeGreaterThanOrEqual(3);
    for (const evalCase of outside) {
      const changed = new Set(evalCase.files.map((file) => file.path));
      const unchanged = [...evalCase.after.keys()].filter((path) => !changed.has(path));
      expect(unchanged.length, `${evalCase.id} ships the unchanged file the bug depends on`).toBeGreaterThan(0);
      const mentioned = evalCase.expected.some((issue) => unchanged.some((path) => issue.description.includes(path)));
      expect(mentioned, `${evalCase.id} names the unchanged file in its expected issue`).toBe(true);
    }
  });

  it("puts every expected issue on lines of after/ that a review comment can be anchored to", () => {
    for (const evalCase of cases) {
      for (const [index, issue] of evalCase.expected.entries()) {
        const where = `${evalCase.id} expected[${index}] ${issue.path}:${issue.line}`;
        const text = evalCase.after.get(issue.path);
        expect(text, where).toBeDefined();
        const fileLines = (text ?? "").split("\n");
        const last = issue.end_line ?? issue.line;
        expect(last, where).toBeLessThanOrEqual(fileLines.length);
        expect(fileLines[issue.line - 1]?.trim(), `${where} is not a blank line`).not.toBe("");
        const anchorable = rightSideLines(evalCase, issue.path);
        const range = Array.from({ length: last - issue.line + 1 }, (_, i) => issue.line + i);
        expect(range.some((line) => anchorable.has(line)), `${where} lies in the diff`).toBe(true);
      }
    }
  });

  it("names each case after its folder", () => {
    for (const evalCase of cases) expect(evalCase.dir).toBe(resolve(DATASET, evalCase.id));
  });
});
