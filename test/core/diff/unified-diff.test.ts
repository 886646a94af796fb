import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../../src/core/diff/parse-patch.js";
import { MalformedDiffError, parseUnifiedDiff } from "../../../src/core/diff/unified-diff.js";
import { git, splitIntoGithubPatches, withTempRepo } from "./support/git.js";

function commitAll(dir: string, message: string): void {
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "--allow-empty", "-m", message]);
}

/** `git diff --cached` with the options a review uses, or `extra` ones. */
function stagedDiff(dir: string, extra: readonly string[] = []): string {
  git(dir, ["add", "-A"]);
  return git(dir, ["diff", "--cached", "--no-color", "--no-ext-diff", "--find-renames", "--src-prefix=a/", "--dst-prefix=b/", ...extra]);
}

describe("splitting a multi-file diff into the files of a pull request", () => {
  it("gives each file of git's diff GitHub's status, previous name, header-less patch and line counts", () => {
    withTempRepo((dir) => {
      writeFileSync(join(dir, "kept.txt"), "a\nb\nc\n");
      writeFileSync(join(dir, "gone.txt"), "bye\n");
      writeFileSync(join(dir, "old-name.txt"), "1\n2\n3\n4\n5\n6\n7\n8\n");
      writeFileSync(join(dir, "mode.sh"), "echo\n");
      writeFileSync(join(dir, "image.bin"), Buffer.from([0, 1, 2, 3]));
      commitAll(dir, "base");
      writeFileSync(join(dir, "kept.txt"), "a\nB\nc\n");
      execFileSync("rm", [join(dir, "gone.txt")]);
      execFileSync("mv", [join(dir, "old-name.txt"), join(dir, "new-name.txt")]);
      writeFileSync(join(dir, "new-name.txt"), "1\n2\n3\n4\n5\n6\n7\neight\n");
      chmodSync(join(dir, "mode.sh"), 0o755);
      writeFileSync(join(dir, "image.bin"), Buffer.from([0, 1, 2, 4]));
      mkdirSync(join(dir, "src"));
      writeFileSync(join(dir, "src", "added.ts"), "export const x = 1;\n");

      const output = stagedDiff(dir);
      const files = parseUnifiedDiff(output);
      const withHunks = output.split(/^(?=diff --git )/m).filter((section) => section.includes("\n@@ "));
      const patches = splitIntoGithubPatches(withHunks.join(""));

      expect(files.map(({ patch: _patch, ...rest }) => rest)).toEqual([
        { path: "gone.txt", status: "removed", additions: 0, deletions: 1 },
        { path: "image.bin", status: "modified", additions: 0, deletions: 0 },
        { path: "kept.txt", status: "modified", additions: 1, deletions: 1 },
        { path: "mode.sh", status: "changed", additions: 0, deletions: 0 },
        { path: "new-name.txt", previousPath: "old-name.txt", status: "renamed", additions: 1, deletions: 1 },
        { path: "src/added.ts", status: "added", additions: 1, deletions: 0 },
      ]);
      for (const file of files) {
        if (file.patch === undefined) continue;
        expect(file.patch).toBe(patches.get(file.path) ?? patches.get(file.previousPath ?? ""));
        expect(() => parsePatch(file.patch ?? "")).not.toThrow();
      }
      expect(files.find((f) => f.path === "image.bin")?.patch).toBeUndefined();
      expect(files.find((f) => f.path === "mode.sh")?.patch).toBeUndefined();
    });
  });

  it("decodes paths git quotes or ends with a tab: spaces, quotes and UTF-8 names", () => {
    withTempRepo((dir) => {
      writeFileSync(join(dir, "with space.txt"), "a\n");
      writeFileSync(join(dir, 'ü "quoted".txt'), "x\n");
      commitAll(dir, "base");
      writeFileSync(join(dir, "with space.txt"), "a\nb\n");
      writeFileSync(join(dir, 'ü "quoted".txt'), "x\ny\n");
      execFileSync("git", ["mv", "with space.txt", "still with space.txt"], { cwd: dir });
      const quoted = parseUnifiedDiff(stagedDiff(dir));
      expect(quoted.map((f) => [f.path, f.previousPath ?? null, f.status])).toEqual([
        ["still with space.txt", "with space.txt", "renamed"],
        ['ü "quoted".txt', null, "modified"],
      ]);
    });
  });

  it("reads a pure rename, and a diff made without prefixes or with mnemonic ones", () => {
    withTempRepo((dir) => {
      writeFileSync(join(dir, "a.txt"), "same\n");
      writeFileSync(join(dir, "b.txt"), "one\n");
      commitAll(dir, "base");
      execFileSync("git", ["mv", "a.txt", "renamed.txt"], { cwd: dir });
      writeFileSync(join(dir, "b.txt"), "two\n");
      git(dir, ["add", "-A"]);
      const plain = parseUnifiedDiff(git(dir, ["diff", "--cached", "--no-color", "--find-renames", "--no-prefix"]));
      const mnemonic = parseUnifiedDiff(stagedDiff(dir, ["--src-prefix=i/", "--dst-prefix=w/"]));
      for (const files of [plain, mnemonic]) {
        expect(files.map((f) => [f.path, f.previousPath ?? null, f.status, f.patch === undefined])).toEqual([
          ["b.txt", null, "modified", false],
          ["renamed.txt", "a.txt", "renamed", true],
        ]);
      }
    });
  });

  it("reads GNU diff -ruN output with timestamps, and text around the files", () => {
    withTempRepo((dir) => {
      mkdirSync(join(dir, "a"));
      mkdirSync(join(dir, "b"));
      writeFileSync(join(dir, "a", "x.c"), "int x;\n-- not a header\n");
      writeFileSync(join(dir, "b", "x.c"), "int y;\n-- not a header\n");
      writeFileSync(join(dir, "b", "new.c"), "new\n");
      let output = "";
      try {
        execFileSync("diff", ["-ruN", "a", "b"], { cwd: dir, encoding: "utf8" });
      } catch (error) {
        output = String((error as { stdout: string }).stdout);
      }
      expect(output).toMatch(/^--- a\/x\.c\t/m);
      const files = parseUnifiedDiff(`Some mail text\n\n${output}-- \n2.43.0\n`);
      expect(files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
        ["new.c", "modified", 1, 0],
        ["x.c", "modified", 1, 1],
      ]);
      expect(files[1]?.patch).toBe("@@ -1,2 +1,2 @@\n-int x;\n+int y;\n -- not a header");
    });
  });

  it("takes /dev/null for a created or deleted file, and keeps CRLF lines and no-newline remarks for the patch parser", () => {
    const diff = [
      "--- /dev/null",
      "+++ b/new.txt",
      "@@ -0,0 +1,2 @@",
      "+a\r",
      "+b",
      "\\ No newline at end of file",
      "--- a/old.txt",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-gone",
      "",
    ].join("\n");
    const files = parseUnifiedDiff(diff);
    expect(files).toEqual([
      { path: "new.txt", status: "added", patch: "@@ -0,0 +1,2 @@\n+a\r\n+b\n\\ No newline at end of file", additions: 2, deletions: 0 },
      { path: "old.txt", status: "removed", patch: "@@ -1 +0,0 @@\n-gone", additions: 0, deletions: 1 },
    ]);
    expect(parsePatch(files[0]?.patch ?? "").flatMap((h) => h.lines.map((l) => l.text))).toEqual(["a", "b"]);
  });

  it("reads a copy, and git's escapes in quoted names of files without hunks", () => {
    withTempRepo((dir) => {
      writeFileSync(join(dir, "origin.txt"), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
      commitAll(dir, "base");
      writeFileSync(join(dir, "copy.txt"), "1\n2\n3\n4\n5\n6\n7\n8\n9\nten\n");
      const files = parseUnifiedDiff(stagedDiff(dir, ["--find-copies-harder"]));
      expect(files.map((f) => [f.path, f.previousPath ?? null, f.status, f.additions, f.deletions])).toEqual([["copy.txt", "origin.txt", "copied", 1, 1]]);
    });
    const binary = 'diff --git "a/tab\\there\\\\x\\"y\\303\\244" "b/tab\\there\\\\x\\"y\\303\\244"\nnew file mode 100644\nBinary files /dev/null and "b/tab\\there" differ\n';
    expect(parseUnifiedDiff(binary)).toEqual([{ path: 'tab\there\\x"yä', status: "added", additions: 0, deletions: 0 }]);
    const deleted = "diff --git a/dir/gone file.bin b/dir/gone file.bin\ndeleted file mode 100644\nBinary files a/dir/gone file.bin and /dev/null differ\n";
    expect(parseUnifiedDiff(deleted)).toEqual([{ path: "dir/gone file.bin", status: "removed", additions: 0, deletions: 0 }]);
  });

  it("gives nothing for an empty diff", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
    expect(parseUnifiedDiff("just words\n")).toEqual([]);
  });

  it("refuses a hunk cut short or holding lines its header does not declare, saying where", () => {
    expect(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n")).toThrow(MalformedDiffError);
    expect(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n")).toThrow(/file 1 of the diff: the diff ends inside a hunk/);
    expect(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n*b\n")).toThrow(/line 5 of the diff is not a line of its hunk/);
    expect(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n+a\n+b\n")).toThrow(/more lines than its header declares/);
  });
});
