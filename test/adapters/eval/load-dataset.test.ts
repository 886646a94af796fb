import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetError, loadDataset } from "../../../src/adapters/eval/load-dataset.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "eval-dataset-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
}

async function problemsOf(dataset: string): Promise<readonly string[]> {
  try {
    await loadDataset(dataset);
  } catch (error) {
    if (error instanceof DatasetError) return error.problems;
    throw error;
  }
  throw new Error("the dataset loaded without problems");
}

const before = numberedLines(20);
const after = numberedLines(20, (n) => (n === 10 ? "line ten, changed" : `line ${n}`));

describe("loadDataset: a valid dataset", () => {
  it("reads each case folder in name order, with its case.yaml and the diff git makes", async () => {
    write({
      "b-second/case.yaml": "id: second\ndescription: A changed line\ninstructions: Flag off-by-one errors.\nexpected:\n  - path: src/a.ts\n    line: 10\n    end_line: 11\n    severity: major\n    description: changed line is wrong\n",
      "b-second/before/src/a.ts": before,
      "b-second/after/src/a.ts": after,
      "a-first/case.yaml": "id: first\nexpected: []\n",
      "a-first/before/x.py": "a = 1\n",
      "a-first/after/x.py": "a = 2\n",
      "README.md": "not a case\n",
      ".hidden/case.yaml": "not: a case\n",
    });
    const cases = await loadDataset(root);
    expect(cases.map((c) => c.id)).toEqual(["first", "second"]);
    const second = cases[1];
    expect(second).toMatchObject({
      id: "second",
      dir: join(root, "b-second"),
      description: "A changed line",
      instructions: "Flag off-by-one errors.",
      expected: [{ path: "src/a.ts", line: 10, end_line: 11, severity: "major", description: "changed line is wrong" }],
    });
    expect(second?.files).toEqual([{ path: "src/a.ts", status: "modified", patch: gitPatch(before, after), additions: 1, deletions: 1 }]);
    expect(second?.diff).toMatch(/^diff --git a\/src\/a\.ts b\/src\/a\.ts\nindex [0-9a-f]+\.\.[0-9a-f]+ 100644\n--- a\/src\/a\.ts\n\+\+\+ b\/src\/a\.ts\n@@ -7,7 \+7,7 @@/);
    expect(second?.before.get("src/a.ts")).toBe(before);
    expect(second?.after.get("src/a.ts")).toBe(after);
    expect(cases[0]).not.toHaveProperty("description");
    expect(cases[0]?.expected).toEqual([]);
  });

  it("lists added, deleted and renamed files as GitHub does", async () => {
    const moved = numberedLines(30, (n) => `export const value${n} = ${n};`);
    const movedEdited = numberedLines(30, (n) => (n === 15 ? "export const value15 = 150;" : `export const value${n} = ${n};`));
    write({
      "c/case.yaml": "id: files\nexpected:\n  - path: lib/new-name.ts\n    line: 15\n    description: wrong value\n",
      "c/before/lib/old-name.ts": moved,
      "c/before/gone.go": "package gone\n",
      "c/before/same.txt": "unchanged\n",
      "c/after/lib/new-name.ts": movedEdited,
      "c/after/added.js": "module.exports = 1;\n",
      "c/after/same.txt": "unchanged\n",
    });
    const [loaded] = await loadDataset(root);
    expect(loaded?.files).toEqual([
      { path: "added.js", status: "added", patch: "@@ -0,0 +1 @@\n+module.exports = 1;", additions: 1, deletions: 0 },
      { path: "gone.go", status: "removed", patch: "@@ -1 +0,0 @@\n-package gone", additions: 0, deletions: 1 },
      {
        path: "lib/new-name.ts",
        previousPath: "lib/old-name.ts",
        status: "renamed",
        patch: gitPatch(moved, movedEdited),
        additions: 1,
        deletions: 1,
      },
    ]);
    expect(loaded?.diff).toContain("rename from lib/old-name.ts\nrename to lib/new-name.ts\n");
    expect([...(loaded?.before.keys() ?? [])]).toEqual(["gone.go", "lib/old-name.ts", "same.txt"]);
    expect([...(loaded?.after.keys() ?? [])]).toEqual(["added.js", "lib/new-name.ts", "same.txt"]);
  });

  it("a pure rename has no patch; a binary file has no patch and no text", async () => {
    write({
      "d/case.yaml": "id: rename-and-binary\nexpected: []\n",
      "d/before/old.txt": numberedLines(10),
      "d/after/new.txt": numberedLines(10),
      "d/after/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
    });
    const [loaded] = await loadDataset(root);
    expect(loaded?.files).toEqual([
      { path: "logo.png", status: "added", additions: 0, deletions: 0 },
      { path: "new.txt", previousPath: "old.txt", status: "renamed", additions: 0, deletions: 0 },
    ]);
    expect(loaded?.after.has("logo.png")).toBe(false);
  });

  it("a case without before/ is all new files", async () => {
    write({ "e/case.yaml": "id: all-new\nexpected: []\n", "e/after/main.go": "package main\n\nfunc main() {}\n" });
    const [loaded] = await loadDataset(root);
    expect(loaded?.files).toEqual([{ path: "main.go", status: "added", patch: "@@ -0,0 +1,3 @@\n+package main\n+\n+func main() {}", additions: 3, deletions: 0 }]);
  });

  it("gives the same diff every time, whatever the files' line endings and a .gitattributes in the case", async () => {
    write({
      "f/case.yaml": "id: crlf\nexpected: []\n",
      "f/before/w.txt": "one\r\ntwo\r\n",
      "f/after/w.txt": "one\r\nthree\r\n",
      "f/after/.gitattributes": "*.txt text eol=lf\n",
      "f/before/.gitattributes": "*.txt text eol=lf\n",
    });
    const first = await loadDataset(root);
    const second = await loadDataset(root);
    expect(second).toEqual(first);
    expect(first[0]?.files[0]?.patch).toBe("@@ -1,2 +1,2 @@\n one\r\n-two\r\n+three\r");
  });
});

describe("loadDataset: problems are reported together, each with its case folder and field", () => {
  it("names every field of case.yaml that is wrong", async () => {
    write({
      "bad/case.yaml": [
        "id: Not A Slug",
        "summary: unknown key",
        "expected:",
        "  - path: src/a.ts",
        "    line: 0",
        "    description: ''",
        "  - path: ../escape.ts",
        "    line: 4",
        "    end_line: 2",
        "    severity: blocker",
        "    description: x",
        "",
      ].join("\n"),
      "bad/after/src/a.ts": "x\n",
    });
    const dataset = join(root);
    expect(await problemsOf(dataset)).toEqual([
      `${join(root, "bad")}/case.yaml: id: must be lower-case letters, digits, \`.\`, \`_\` or \`-\` (e.g. ts-off-by-one)`,
      `${join(root, "bad")}/case.yaml: expected[0].line: Too small: expected number to be >0`,
      `${join(root, "bad")}/case.yaml: expected[0].description: Too small: expected string to have >=1 characters`,
      `${join(root, "bad")}/case.yaml: expected[1].path: must be a path relative to after/, with forward slashes and no \`..\` (e.g. src/app.ts)`,
      `${join(root, "bad")}/case.yaml: expected[1].severity: Invalid option: expected one of "critical"|"major"|"minor"|"nit"`,
      `${join(root, "bad")}/case.yaml: Unrecognized key: "summary"`,
    ]);
  });

  it("says when expected is missing, lines are past the end of the file, or a path is not in after/", async () => {
    write({
      "a/case.yaml": "id: a\n",
      "a/after/x.ts": "x\n",
      "b/case.yaml": "id: b\nexpected:\n  - {path: x.ts, line: 2, description: past the end}\n  - {path: x.ts, line: 1, end_line: 3, description: range past the end}\n  - {path: y.ts, line: 1, description: not there}\n",
      "b/before/x.ts": "a\n",
      "b/after/x.ts": "x\n",
      "c/case.yaml": "id: c\nexpected:\n  - {path: x.ts, line: 2, end_line: 1, description: backwards}\n",
      "c/after/x.ts": "x\ny\n",
    });
    expect(await problemsOf(root)).toEqual([
      `${root}/a/case.yaml: expected: is required: list the expected issues, or [] for a clean case`,
      `${root}/b/case.yaml: expected[0].line: 2 is past the end of after/x.ts (1 lines)`,
      `${root}/b/case.yaml: expected[1].end_line: 3 is past the end of after/x.ts (1 lines)`,
      `${root}/b/case.yaml: expected[2].path: y.ts is not a text file of after/`,
      `${root}/c/case.yaml: expected[0].end_line: end_line must not be before line`,
    ]);
  });

  it("reports YAML syntax errors, missing files and folders, duplicate ids and cases without a change", async () => {
    write({
      "1-syntax/case.yaml": "id: [unclosed\n",
      "1-syntax/after/x.ts": "x\n",
      "2-no-yaml/after/x.ts": "x\n",
      "3-no-after/case.yaml": "id: no-after\nexpected: []\n",
      "3-no-after/before/x.ts": "x\n",
      "4-dup/case.yaml": "id: same\nexpected: []\n",
      "4-dup/before/x.ts": "a\n",
      "4-dup/after/x.ts": "b\n",
      "5-dup/case.yaml": "id: same\nexpected: []\n",
      "5-dup/before/x.ts": "a\n",
      "5-dup/after/x.ts": "c\n",
      "6-unchanged/case.yaml": "id: unchanged\nexpected: []\n",
      "6-unchanged/before/x.ts": "a\n",
      "6-unchanged/after/x.ts": "a\n",
    });
    symlinkSync("x.ts", join(root, "5-dup/after/link.ts"));
    const problems = await problemsOf(root);
    expect(problems[0]).toMatch(new RegExp(`^${root}/1-syntax/case\\.yaml: not valid YAML: `));
    expect(problems.slice(1)).toEqual([
      `${root}/2-no-yaml: has no case.yaml (id, expected, and optionally description and instructions)`,
      `${root}/3-no-after: has no after/ folder (the files after the change)`,
      `${root}/5-dup/after/link.ts: only plain files are supported (not a symbolic link or device)`,
      `${root}/6-unchanged: before/ and after/ are the same; a case needs a change to review`,
    ]);
  });

  it("says when case.yaml is empty or not a mapping", async () => {
    write({ "a/case.yaml": "", "a/after/x.ts": "x\n", "b/case.yaml": "- id: b\n", "b/after/x.ts": "x\n" });
    expect(await problemsOf(root)).toEqual([
      `${root}/a/case.yaml: Invalid input: expected object, received null`,
      `${root}/b/case.yaml: Invalid input: expected object, received array`,
    ]);
  });

  it("refuses a second case with an id already taken", async () => {
    write({
      "4-dup/case.yaml": "id: same\nexpected: []\n",
      "4-dup/after/x.ts": "b\n",
      "5-dup/case.yaml": "id: same\nexpected: []\n",
      "5-dup/after/x.ts": "c\n",
    });
    expect(await problemsOf(root)).toEqual([`${root}/5-dup/case.yaml: id: same is already the id of ${root}/4-dup`]);
  });

  it("says when the dataset is not a directory of cases", async () => {
    write({ "file.txt": "x" });
    expect(await problemsOf(join(root, "missing"))).toEqual([`${join(root, "missing")}: no such directory`]);
    expect(await problemsOf(join(root, "file.txt"))).toEqual([`${join(root, "file.txt")}: is a file, not a directory of cases`]);
    mkdirSync(join(root, "empty"));
    expect(await problemsOf(join(root, "empty"))).toEqual([`${join(root, "empty")}: has no case folders`]);
  });

  it("the error message lists every problem on its own line", async () => {
    write({ "x/case.yaml": "id: x\nexpected: []\n" });
    await expect(loadDataset(root)).rejects.toThrow(`the dataset ${root} cannot be used; fix these problems:\n  - ${root}/x: has no after/ folder`);
  });
});
