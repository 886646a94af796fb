import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FilePair {
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

export interface DiffOptions {
  readonly context: number;
  readonly algorithm: "myers" | "minimal" | "patience" | "histogram";
}

/**
 * Runs git with settings that make its output independent of the machine's configuration: no global or
 * system config, no line-ending conversion, and the identity a commit needs.
 */
export function git(cwd: string, args: readonly string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false", "-c", "core.quotepath=false", ...args],
    {
      cwd,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
    },
  );
}

/** Runs `body` in a fresh git repository in a temporary directory, removed afterwards. */
export function withTempRepo<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-diff-"));
  try {
    git(dir, ["init", "-q"]);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Commits every pair's `before` content, then leaves its `after` content in the work tree. */
export function stageFilePairs(dir: string, pairs: readonly FilePair[]): void {
  for (const pair of pairs) writeFileSync(join(dir, pair.name), pair.before);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "--allow-empty", "-m", "before"]);
  for (const pair of pairs) writeFileSync(join(dir, pair.name), pair.after);
}

/** `git diff` of the work tree against the last commit, as GitHub-style patches keyed by file name. */
export function diffWorkTree(dir: string, options: DiffOptions): Map<string, string> {
  const output = git(dir, [
    "diff",
    "--no-color",
    "--no-ext-diff",
    `-U${options.context}`,
    `--diff-algorithm=${options.algorithm}`,
  ]);
  return splitIntoGithubPatches(output);
}

/**
 * Splits a multi-file `git diff` into per-file patches the way GitHub's files endpoint shows them: the
 * `diff --git`, `index`, `---` and `+++` lines removed up to the first `@@`, no newline after the last line.
 * Content lines always start with a marker, so a line starting `diff --git ` is always a file header.
 */
export function splitIntoGithubPatches(output: string): Map<string, string> {
  const patches = new Map<string, string>();
  for (const section of output.split(/^(?=diff --git )/m)) {
    if (section === "") continue;
    const name = /^diff --git a\/(\S+) b\//.exec(section)?.[1];
    const firstHunk = section.search(/^@@ /m);
    if (name === undefined || firstHunk < 0) throw new Error(`unexpected git diff section:\n${section}`);
    patches.set(name, section.slice(firstHunk).replace(/\n$/, ""));
  }
  return patches;
}
