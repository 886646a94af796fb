import { basename } from "node:path";
import { MalformedDiffError, parseUnifiedDiff } from "../../core/diff/unified-diff.js";
import type { ChangedFile } from "../../core/diff/types.js";
import { describeError } from "../../core/errors.js";
import { git, GitError, resolveCommit } from "./run-git.js";

/** What to review: the branch against its base, the index, or a unified diff given as text. */
export type DiffSource =
  | { readonly kind: "branch"; readonly base?: string }
  | { readonly kind: "staged" }
  | { readonly kind: "patch"; readonly text: string; readonly name: string };

/** Where the text of a file is read from: a commit, the index, the files on disk, or texts already in memory. */
export type TextSource =
  | { readonly kind: "commit"; readonly sha: string }
  | { readonly kind: "index" }
  | { readonly kind: "worktree" }
  | { readonly kind: "texts"; readonly texts: ReadonlyMap<string, string> };

export interface LocalChange {
  /** The top of the working tree (the current directory for a diff outside any repository). */
  readonly root: string;
  readonly files: readonly ChangedFile[];
  /** The new side of the diff: what surrounding code is read from. */
  readonly head: TextSource;
  /** Where trusted guidance (AGENTS.md …) is read from: the base, never the change under review. */
  readonly guidance: TextSource;
  readonly owner: string;
  readonly repo: string;
  readonly title: string;
  readonly body: string;
  readonly headSha: string;
  readonly baseSha: string;
  /** One line saying what is reviewed, e.g. `feature-x against main (merge-base 1a2b3c4)`. */
  readonly description: string;
  /** Things the user should know (changes not included), for stderr. */
  readonly notes: readonly string[];
}

/** The command cannot run as asked (not a repository, an unknown ref): exit code 2. */
export class LocalUsageError extends Error {
  override readonly name = "LocalUsageError";
}

/** The diff could not be read or made sense of: exit code 3. */
export class LocalDiffError extends Error {
  override readonly name = "LocalDiffError";
}

const NO_COMMIT = "0".repeat(40);

/** The same shape of diff GitHub's files endpoint gives: three lines of context, renames found, git's default algorithm. */
const DIFF_OPTIONS = [
  "-c", "diff.relative=false", "-c", "diff.algorithm=default", "-c", "diff.context=3", "-c", "diff.interHunkContext=0",
];
const DIFF_ARGS = ["--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "-U3", "--src-prefix=a/", "--dst-prefix=b/"];

async function diffText(root: string, range: readonly string[]): Promise<string> {
  return git(root, [...DIFF_OPTIONS, "diff", ...DIFF_ARGS, ...range]);
}

function parse(text: string, what: string): ChangedFile[] {
  try {
    return parseUnifiedDiff(text);
  } catch (error) {
    if (error instanceof MalformedDiffError) throw new LocalDiffError(`${what} is not a unified diff that can be reviewed: ${error.message}`);
    throw error;
  }
}

/** The top of the working tree containing `cwd`, or undefined outside any repository. */
export async function findRepositoryRoot(cwd: string): Promise<string | undefined> {
  try {
    const root = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
    return root === "" ? undefined : root;
  } catch (error) {
    if (error instanceof GitError && error.exitCode !== null) return undefined;
    throw error;
  }
}

/** `owner/repo` of the `origin` remote when it is a GitHub-style URL; the folder's name otherwise. */
async function repositoryName(root: string): Promise<{ owner: string; repo: string }> {
  let url = "";
  try {
    url = (await git(root, ["config", "--get", "remote.origin.url"])).trim();
  } catch {
    // No origin: a repository that was never pushed.
  }
  const match = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return match?.[1] !== undefined && match[2] !== undefined ? { owner: match[1], repo: match[2] } : { owner: "local", repo: basename(root) };
}

/** The branch a pull request would target: `origin/HEAD`, else `main`, else `master`. */
async function defaultBase(root: string): Promise<string> {
  try {
    const originHead = (await git(root, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])).trim();
    if (originHead !== "") return originHead;
  } catch {
    // origin/HEAD is not set (no remote, or a clone that never fetched it).
  }
  for (const candidate of ["main", "master"]) if ((await resolveCommit(root, candidate)) !== undefined) return candidate;
  throw new LocalUsageError("cannot tell which branch to compare with: there is no origin/HEAD, main or master; name one with --base <ref>");
}

interface Commit {
  readonly subject: string;
  readonly body: string;
}

async function commitsBetween(root: string, from: string, to: string): Promise<Commit[]> {
  const log = await git(root, ["log", "--no-color", "--format=%s%x00%b%x01", `${from}..${to}`]);
  return log
    .split("\u0001")
    .map((entry) => entry.replace(/^\n/, ""))
    .filter((entry) => entry.trim() !== "")
    .map((entry) => {
      const [subject = "", body = ""] = entry.split("\u0000");
      return { subject: subject.trim(), body: body.trim() };
    });
}

async function currentBranch(root: string): Promise<string> {
  const name = (await git(root, ["rev-parse", "--abbrev-ref", "HEAD"])).trim();
  return name === "HEAD" ? "detached HEAD" : name;
}

async function hasUncommittedChanges(root: string): Promise<boolean> {
  return (await git(root, ["status", "--porcelain", "--untracked-files=no"])).trim() !== "";
}

async function branchChange(root: string, baseRef: string | undefined): Promise<LocalChange> {
  const head = await resolveCommit(root, "HEAD");
  if (head === undefined) throw new LocalUsageError("this repository has no commit yet: commit the change, or review the index with --staged");
  const base = baseRef ?? (await defaultBase(root));
  const baseSha = await resolveCommit(root, base);
  if (baseSha === undefined) throw new LocalUsageError(`--base ${base}: no such branch, tag or commit in this repository`);
  let mergeBase: string;
  try {
    mergeBase = (await git(root, ["merge-base", baseSha, head])).trim();
  } catch (error) {
    throw new LocalUsageError(`${base} and HEAD have no common ancestor, so there is no change to review (${describeError(error)})`);
  }
  const files = parse(await diffText(root, [mergeBase, head]), `the diff of HEAD against ${base}`);
  const commits = await commitsBetween(root, mergeBase, head);
  const branch = await currentBranch(root);
  const only = commits.length === 1 ? commits[0] : undefined;
  const notes = (await hasUncommittedChanges(root))
    ? ["uncommitted changes are not part of this review: it covers the commits only (commit them, or review the index with --staged)"]
    : [];
  return {
    root,
    files,
    head: { kind: "commit", sha: head },
    guidance: { kind: "commit", sha: baseSha },
    ...(await repositoryName(root)),
    title: only?.subject ?? branch,
    body: only?.body ?? commits.map((c) => `- ${c.subject}`).join("\n"),
    headSha: head,
    baseSha: mergeBase,
    description: `${branch} against ${base} (merge-base ${mergeBase.slice(0, 7)}, ${commits.length} commit${commits.length === 1 ? "" : "s"})`,
    notes,
  };
}

async function stagedChange(root: string): Promise<LocalChange> {
  const head = await resolveCommit(root, "HEAD");
  const files = parse(await diffText(root, ["--cached"]), "the diff of the index");
  return {
    root,
    files,
    head: { kind: "index" },
    guidance: head === undefined ? { kind: "worktree" } : { kind: "commit", sha: head },
    ...(await repositoryName(root)),
    title: "Staged changes",
    body: "",
    headSha: head ?? NO_COMMIT,
    baseSha: head ?? NO_COMMIT,
    description: `the index against ${head === undefined ? "an empty repository" : `HEAD (${head.slice(0, 7)})`}`,
    notes: [],
  };
}

async function patchChange(root: string, inRepository: boolean, text: string, name: string): Promise<LocalChange> {
  const files = parse(text, name);
  const head = inRepository ? await resolveCommit(root, "HEAD") : undefined;
  return {
    root,
    files,
    head: { kind: "worktree" },
    guidance: head === undefined ? { kind: "worktree" } : { kind: "commit", sha: head },
    ...(inRepository ? await repositoryName(root) : { owner: "local", repo: basename(root) }),
    title: `Changes in ${name}`,
    body: "",
    headSha: head ?? NO_COMMIT,
    baseSha: head ?? NO_COMMIT,
    description: name,
    notes: [],
  };
}

/**
 * Reads what the user asked to review from the repository around `cwd`. A diff given as text needs no
 * repository (its files are then read from `cwd`); the branch and index modes do.
 *
 * @throws LocalUsageError when the request cannot be carried out as given; LocalDiffError when the diff is unreadable.
 */
export async function readLocalChange(cwd: string, source: DiffSource): Promise<LocalChange> {
  const root = await findRepositoryRoot(cwd);
  if (source.kind === "patch") return patchChange(root ?? cwd, root !== undefined, source.text, source.name);
  if (root === undefined) throw new LocalUsageError(`${cwd} is not in a git repository: run pr-reviewer review inside one, or pass a diff with --diff <file|->`);
  try {
    return source.kind === "staged" ? await stagedChange(root) : await branchChange(root, source.base);
  } catch (error) {
    if (error instanceof GitError) throw new LocalDiffError(`git could not produce the diff: ${error.stderr.trim() || error.message}`);
    throw error;
  }
}
