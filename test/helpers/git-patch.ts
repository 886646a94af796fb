import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GitPatchOptions {
  /** Context lines around each change (git's default is 3, as GitHub's). */
  readonly context?: number;
}

/** Tests ask for the same few patches many times (a burst of pushes): git runs once per distinct change. */
const patches = new Map<string, string>();

/**
 * A real patch as GitHub's `GET /pulls/{n}/files` gives it: git's unified diff without the `diff --git`,
 * `index`, `---` and `+++` lines. `null` before means an added file, `null` after a removed one.
 */
export function gitPatch(before: string | null, after: string | null, options: GitPatchOptions = {}): string {
  const context = options.context ?? 3;
  const key = JSON.stringify([before, after, context]);
  const known = patches.get(key);
  if (known !== undefined) return known;
  const patch = runGitDiff(before, after, context);
  patches.set(key, patch);
  return patch;
}

/** One `git diff --no-index` of two files (or /dev/null for a missing side): a single process per patch. */
function runGitDiff(before: string | null, after: string | null, context: number): string {
  const dir = mkdtempSync(join(tmpdir(), "git-patch-"));
  try {
    const side = (name: string, text: string | null): string => {
      if (text === null) return "/dev/null";
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const result = spawnSync("git", ["diff", "--no-index", "--no-color", "--no-ext-diff", `-U${context}`, "--", side("before", before), side("after", after)], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    });
    // `--no-index` exits 1 when the files differ, as `diff` does; anything else is a failure.
    if (result.status !== 1) throw new Error(`git diff failed (exit ${String(result.status)}): ${result.stderr}${result.error?.message ?? ""}`);
    const diff = result.stdout;
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
