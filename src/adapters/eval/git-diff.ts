import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChangedFile, FileStatus } from "../../core/diff/types.js";

/** A file of one side of a change: its path in the repository and where its bytes are on disk. */
export interface SourceFile {
  readonly path: string;
  readonly absolutePath: string;
}

export interface TreeDiff {
  /** git's unified diff of the whole change, file headers included. */
  readonly diff: string;
  /** One entry per changed file, as GitHub's pull-request files endpoint lists it. */
  readonly files: ChangedFile[];
}

export class GitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GitError";
  }
}

// The user's and the system's git configuration must not change the diff (diff.renames, diff.algorithm,
// core.autocrlf, a diff driver…): the same case must give the same diff on every machine.
const GIT_ENV = { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" } as const;
const GIT_CONFIG = ["-c", "core.autocrlf=false", "-c", "core.quotepath=false", "-c", "core.safecrlf=false"];

function git(repo: string, args: readonly string[], options: { input?: string; indexFile?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: repo,
      ...GIT_ENV,
      GIT_DIR: join(repo, ".git"),
      ...(options.indexFile === undefined ? {} : { GIT_INDEX_FILE: options.indexFile }),
    };
    const child = execFile("git", [...GIT_CONFIG, ...args], { cwd: repo, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        reject(new GitError(missing ? "git is not installed or not on PATH; the dataset's diffs are made with git" : `git ${args[0] ?? ""} failed: ${stderr.trim() || error.message}`, { cause: error }));
        return;
      }
      resolve(stdout);
    });
    // A command that reads no input may exit before we close its stdin; the broken pipe that follows says
    // nothing the exit status does not, so it is not an error of its own.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input ?? "");
  });
}

/** Writes the files' bytes into git's object store; their ids, in order. */
async function hashFiles(repo: string, files: readonly SourceFile[]): Promise<string[]> {
  if (files.length === 0) return [];
  // --no-filters: the bytes as they are on disk, whatever a .gitattributes in the case says.
  const ids = (await git(repo, ["hash-object", "-w", "--no-filters", "--stdin-paths"], { input: files.map((f) => `${f.absolutePath}\n`).join("") }))
    .split("\n")
    .filter((id) => id !== "");
  if (ids.length !== files.length) throw new GitError(`git hash-object returned ${ids.length} ids for ${files.length} files`);
  return ids;
}

const STATUS: Readonly<Record<string, FileStatus>> = { A: "added", D: "removed", M: "modified", R: "renamed", C: "copied", T: "changed" };

interface NameStatus {
  readonly status: FileStatus;
  readonly path: string;
  readonly previousPath?: string;
}

/** One `--raw` line: `:100644 100644 <id> <id> M\tpath`, or `… R087\told\tnew` for a rename. */
function parseRawLine(line: string): NameStatus {
  const [meta = "", first = "", second] = line.split("\t");
  const code = meta.split(" ")[4] ?? "";
  const status = STATUS[code.charAt(0)];
  if (status === undefined) throw new GitError(`unexpected line from git diff-tree --raw: ${line}`);
  return second === undefined ? { status, path: first } : { status, previousPath: first, path: second };
}

/** The hunks of one file's section as GitHub shows them: from the first `@@`, no newline after the last line. */
function patchOf(section: string): string | undefined {
  const firstHunk = section.search(/^@@ /m);
  return firstHunk < 0 ? undefined : section.slice(firstHunk).replace(/\n$/, "");
}

function countLines(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch?.split("\n") ?? []) {
    if (line.startsWith("+")) additions += 1;
    else if (line.startsWith("-")) deletions += 1;
  }
  return { additions, deletions };
}

/** `--raw` lines, a blank line, then the patch: each file's section is read in the order the raw lines list them. */
function parseDiffTree(output: string): TreeDiff {
  if (output === "") return { diff: "", files: [] };
  const split = output.indexOf("\n\n");
  const raw = split < 0 ? output : output.slice(0, split);
  const diff = split < 0 ? "" : output.slice(split + 2);
  const names = raw.split("\n").filter((line) => line !== "").map(parseRawLine);
  const sections = diff.split(/^(?=diff --git )/m).filter((section) => section !== "");
  if (sections.length !== names.length) {
    throw new GitError(`git listed ${names.length} changed files but its diff has ${sections.length} sections`);
  }
  const files = names.map((name, index): ChangedFile => {
    const patch = patchOf(sections[index] ?? "");
    return {
      path: name.path,
      ...(name.previousPath === undefined ? {} : { previousPath: name.previousPath }),
      status: name.status,
      ...(patch === undefined ? {} : { patch }),
      ...countLines(patch),
    };
  });
  return { diff, files };
}

/** The files of one change: before it and after it. */
export interface FileSetPair {
  readonly before: readonly SourceFile[];
  readonly after: readonly SourceFile[];
}

/**
 * What git says between each pair of file sets. All files go into one throw-away repository as one tree,
 * `<n>/before/…` and `<n>/after/…`, so a whole dataset costs a few git commands and one `diff-tree` per
 * change; each comparison uses rename detection, three lines of context and the Myers algorithm, as
 * GitHub does.
 */
export async function diffFileSets(pairs: readonly FileSetPair[]): Promise<TreeDiff[]> {
  if (pairs.length === 0) return [];
  const repo = await mkdtemp(join(tmpdir(), "pr-reviewer-eval-"));
  try {
    await git(repo, ["init", "--quiet"]);
    const indexFile = join(repo, "eval-index");
    const emptyTree = (await git(repo, ["write-tree"], { indexFile })).trim();
    const entries = pairs.flatMap((pair, index) => [
      ...pair.before.map((file) => ({ file, path: `${index}/before/${file.path}` })),
      ...pair.after.map((file) => ({ file, path: `${index}/after/${file.path}` })),
    ]);
    const ids = await hashFiles(repo, entries.map((entry) => entry.file));
    if (entries.length > 0) {
      const info = entries.map((entry, index) => `100644 ${ids[index] ?? ""}\t${entry.path}\n`).join("");
      await git(repo, ["update-index", "--add", "--index-info"], { input: info, indexFile });
    }
    const tree = (await git(repo, ["write-tree"], { indexFile })).trim();
    const side = (files: readonly SourceFile[], index: number, name: string): string => (files.length === 0 ? emptyTree : `${tree}:${index}/${name}`);
    const results: TreeDiff[] = [];
    for (const [index, pair] of pairs.entries()) {
      const output = await git(repo, [
        "diff-tree", "-r", "-M", "--raw", "-p", "--no-color", "--no-ext-diff", "--diff-algorithm=myers", "-U3",
        side(pair.before, index, "before"),
        side(pair.after, index, "after"),
      ]);
      results.push(parseDiffTree(output));
    }
    return results;
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}
