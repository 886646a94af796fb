import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { selectFiles } from "../../../src/core/diff/select-files.js";
import type { ChangedFile } from "../../../src/core/diff/types.js";
import { findDiffProblems } from "./support/diff-consistency.js";

/** A staged change in a fresh repository, as `git diff --cached -M` shows it, split into GitHub's parts. */
function stagedChange(setup: (git: (...args: string[]) => string, write: (path: string, content: string | Buffer) => void) => void): {
  header: string;
  patch: string | undefined;
} {
  const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-edge-"));
  try {
    const git = (...args: string[]): string =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false", "-c", "core.quotepath=false", ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
      });
    const write = (path: string, content: string | Buffer): void => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    git("init", "-q");
    setup(git, write);
    const diff = git("diff", "--cached", "-M", "--no-color", "--no-ext-diff");
    const firstHunk = diff.search(/^@@ /m);
    return firstHunk < 0 ? { header: diff, patch: undefined } : { header: diff.slice(0, firstHunk), patch: diff.slice(firstHunk).replace(/\n$/, "") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BEFORE = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const withDefaults = { ignore: [], useDefaultIgnore: true };

describe("line maps for the files real pull requests contain", () => {
  it("indexes a renamed and edited file, with spaces and non-ASCII in both paths, under its new path", () => {
    const after = BEFORE.replace("line 6", "line six");
    const { header, patch } = stagedChange((git, write) => {
      write("src/old name.ts", BEFORE);
      git("add", "-A");
      git("commit", "-qm", "before");
      git("rm", "-q", "src/old name.ts");
      write("src/nëw dir/ñame ✓.ts", after);
      git("add", "-A");
    });
    expect(header).toContain("rename to src/nëw dir/ñame ✓.ts");
    const file: ChangedFile = { path: "src/nëw dir/ñame ✓.ts", previousPath: "src/old name.ts", status: "renamed", additions: 1, deletions: 1, ...(patch === undefined ? {} : { patch }) };
    const diff = toFileDiff(file);
    expect(findDiffProblems(diff.hunks, diff.lineIndex, BEFORE, after)).toEqual([]);
    expect(diff.lineIndex.right.has(6)).toBe(true);
    expect(selectFiles([file], withDefaults).reviewable.map((f) => f.path)).toEqual(["src/nëw dir/ñame ✓.ts"]);
  });

  it("has no line to review in a rename without edits or a mode-only change, and says which", () => {
    const renamed = stagedChange((git, write) => {
      write("a.ts", BEFORE);
      git("add", "-A");
      git("commit", "-qm", "before");
      git("mv", "a.ts", "b.ts");
    });
    expect(renamed).toMatchObject({ header: expect.stringContaining("similarity index 100%"), patch: undefined });
    const modeOnly = stagedChange((git, write) => {
      write("run.sh", "echo hi\n");
      git("add", "-A");
      git("commit", "-qm", "before");
      chmodSync(join(git("rev-parse", "--show-toplevel").trim(), "run.sh"), 0o755);
      git("add", "-A");
    });
    expect(modeOnly).toMatchObject({ header: expect.stringContaining("new mode 100755"), patch: undefined });

    const { reviewable, skipped } = selectFiles(
      [
        { path: "b.ts", previousPath: "a.ts", status: "renamed", additions: 0, deletions: 0 },
        { path: "run.sh", status: "changed", additions: 0, deletions: 0 },
        { path: "huge.sql", status: "modified", additions: 40_000, deletions: 2 },
      ],
      withDefaults,
    );
    expect(reviewable).toEqual([]);
    expect(skipped).toEqual([
      { path: "b.ts", reason: "renamed without changes" },
      { path: "run.sh", reason: "mode change only" },
      { path: "huge.sql", reason: "diff too large for GitHub to show" },
    ]);
  });

  it("keeps line numbers right through invalid UTF-8, which GitHub's JSON carries as U+FFFD", () => {
    const before = Buffer.concat([Buffer.from("ok 1\nbad \xff\xfe here\n", "latin1"), Buffer.from("ok 3\nok 4\n")]);
    const after = Buffer.concat([Buffer.from("ok 1\nbad \xff\xfe here\n", "latin1"), Buffer.from("ok 3 changed\nok 4\n")]);
    const { patch } = stagedChange((git, write) => {
      write("data.txt", before);
      git("add", "-A");
      git("commit", "-qm", "before");
      write("data.txt", after);
      git("add", "-A");
    });
    expect(patch).toContain("\uFFFD");
    const diff = toFileDiff({ path: "data.txt", status: "modified", additions: 1, deletions: 1, ...(patch === undefined ? {} : { patch }) });
    expect(findDiffProblems(diff.hunks, diff.lineIndex, before.toString("utf8"), after.toString("utf8"))).toEqual([]);
    expect(diff.hunks[0]?.lines.find((l) => l.newLine === 2)?.text).toBe("bad \uFFFD\uFFFD here");
  });
});
