import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TempRepo {
  readonly dir: string;
  git(...args: string[]): string;
  /** Writes a file (creating its folders), relative to the repository's top. */
  write(path: string, content: string): void;
  /** Stages everything and commits it. */
  commit(message: string): string;
  remove(): void;
}

/** The environment git runs with in tests: no user or system config, a fixed identity and dates. */
export const GIT_TEST_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.com",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
};

/** A real git repository in a temporary folder, on branch `main` (or `initialBranch`), with no commit yet. */
export function createTempRepo(initialBranch = "main"): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-repo-"));
  const git = (...args: string[]): string =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...GIT_TEST_ENV } });
  git("init", "--quiet", `--initial-branch=${initialBranch}`);
  return {
    dir,
    git,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    commit(message) {
      git("add", "-A");
      git("commit", "--quiet", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
