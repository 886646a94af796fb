import { execFile } from "node:child_process";

/** git exited non-zero: its own message (stderr) says why. */
export class GitError extends Error {
  override readonly name = "GitError";

  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.trim() || "no message"}`);
  }
}

export interface GitOptions {
  /** Refuse output larger than this many bytes (a diff or a file); 512 MiB by default. */
  readonly maxBytes?: number;
}

/**
 * Settings that would change what a diff looks like are fixed on the command line, whatever the user's config
 * says: no external diff or textconv, no colour, no pager, and paths kept byte-exact (quoted only where git must).
 */
const FIXED_CONFIG = ["-c", "core.quotepath=false", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "color.ui=never"];

function run(cwd: string, args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...FIXED_CONFIG, ...args],
      { cwd, encoding: "buffer", maxBuffer: options.maxBytes ?? 512 * 1024 * 1024, env: { ...process.env, GIT_PAGER: "cat", LC_ALL: "C", GIT_OPTIONAL_LOCKS: "0" } },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const code = typeof error.code === "number" ? error.code : null;
        if (error.code === "ENOENT") {
          reject(new GitError(args, null, "git is not installed or not on PATH"));
          return;
        }
        if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
          reject(new GitError(args, null, `the output is larger than ${options.maxBytes ?? 512 * 1024 * 1024} bytes`));
          return;
        }
        reject(new GitError(args, code, stderr.toString("utf8")));
      },
    );
  });
}

/** Runs git in `cwd` and returns what it printed, as text. */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return (await run(cwd, args, options)).toString("utf8");
}

/** Runs git in `cwd` and returns its raw output (a file's bytes). */
export function gitBytes(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<Buffer> {
  return run(cwd, args, options);
}

/** The commit a ref names, or undefined when it names none; a ref that looks like an option names none. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith("-") || ref.trim() === "") return undefined;
  try {
    return (await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim() || undefined;
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return undefined;
    throw error;
  }
}
