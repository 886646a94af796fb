import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GitPatchOptions {
  /** Context lines around each change (git's default is 3, as GitHub's). */
  readonly context?: number;
}

/**
 * A real patch as GitHub's `GET /pulls/{n}/files` gives it: git's unified diff without the `diff --git`,
 * `index`, `---` and `+++` lines. `null` before means an added file, `null` after a removed one.
 */
export function gitPatch(before: string | null, after: string | null, options: GitPatchOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "git-patch-"));
  try {
    const git = (...args: string[]): string =>
      execFileSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
      });
    const file = join(dir, "file");
    git("init", "--quiet");
    if (before !== null) {
      writeFileSync(file, before);
      git("add", "file");
    }
    if (after === null) {
      rmSync(file);
    } else {
      writeFileSync(file, after);
      if (before === null) git("add", "--intent-to-add", "file");
    }
    const diff = git("diff", "--no-color", "--no-ext-diff", `-U${options.context ?? 3}`, "--", "file");
    const start = diff.indexOf("\n@@");
    if (start < 0) throw new Error(`git produced no hunk for this change:\n${diff}`);
    return diff.slice(start + 1).replace(/\n$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` lines `line 1` … `line N`, each ending in a newline. */
export function numberedLines(count: number, change: (n: number) => string | readonly string[] | null = (n) => `line ${n}`): string {
  const lines: string[] = [];
  for (let n = 1; n <= count; n += 1) {
    const replaced = change(n);
    if (replaced === null) continue;
    lines.push(...(typeof replaced === "string" ? [replaced] : replaced));
  }
  return lines.map((line) => `${line}\n`).join("");
}
