import { lstat, readFile, readlink } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import pMap from "p-map";
import { parsePatch } from "../../core/diff/parse-patch.js";
import type { ChangedFile } from "../../core/diff/types.js";
import { describeError } from "../../core/errors.js";
import type { FileContents, FileRevision, PullRequestHost, ReviewToPost, UnreadableFile } from "../../core/ports.js";
import type { CheckRunOutput } from "../../core/publish/check-run-output.js";
import type { LocalChange, TextSource } from "./local-change.js";
import { gitBytes, GitError } from "./run-git.js";

/** Same limit as for files read from GitHub: a bigger file costs more budget than its context is worth. */
export const MAX_LOCAL_FILE_BYTES = 1_048_576;
const READ_CONCURRENCY = 8;

/** What the review would have published, kept in memory: a local review writes nowhere. */
export interface LocalPublications {
  readonly reviews: ReviewToPost[];
  readonly checkRunOutputs: CheckRunOutput[];
}

export interface LocalHostOptions {
  /** Progress text of the review (parts done), for the terminal. */
  readonly onProgress?: (text: string) => void;
}

export type ReadResult = { readonly path: string; readonly text: string } | UnreadableFile;

function fromBytes(path: string, bytes: Buffer): ReadResult {
  if (bytes.length > MAX_LOCAL_FILE_BYTES) return { path, reason: `larger than ${MAX_LOCAL_FILE_BYTES} bytes`, missing: false };
  if (bytes.includes(0)) return { path, reason: "binary", missing: false };
  return { path, text: bytes.toString("utf8") };
}

/** A path of the diff inside the working tree; a diff naming `../x` or `/etc/x` is not followed out of it. */
function insideRoot(root: string, path: string): string | undefined {
  const full = resolve(root, path);
  const within = relative(root, full);
  return within === "" || within.startsWith("..") || isAbsolute(within) ? undefined : full;
}

async function readWorktree(root: string, path: string): Promise<ReadResult> {
  const full = insideRoot(root, path);
  if (full === undefined) return { path, reason: "outside the working tree", missing: false };
  try {
    const stats = await lstat(full);
    // As git stores it: a symbolic link's content is where it points, never the file it points to.
    if (stats.isSymbolicLink()) return { path, text: await readlink(full) };
    if (!stats.isFile()) return { path, reason: "not a regular file", missing: false };
    if (stats.size > MAX_LOCAL_FILE_BYTES) return { path, reason: `larger than ${MAX_LOCAL_FILE_BYTES} bytes`, missing: false };
    return fromBytes(path, await readFile(full));
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
    if (code === "ENOENT" || code === "ENOTDIR") return { path, reason: "not found", missing: true };
    return { path, reason: describeError(error), missing: false };
  }
}

async function readGitObject(root: string, object: string, path: string): Promise<ReadResult> {
  try {
    return fromBytes(path, await gitBytes(root, ["cat-file", "blob", object], { maxBytes: MAX_LOCAL_FILE_BYTES * 4 }));
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 128) return { path, reason: "not found", missing: true };
    if (error instanceof GitError && error.exitCode === null) return { path, reason: `larger than ${MAX_LOCAL_FILE_BYTES} bytes`, missing: false };
    return { path, reason: describeError(error), missing: false };
  }
}

/** One file's text from a source, or why it cannot be had. */
export function readText(root: string, source: TextSource, path: string): Promise<ReadResult> {
  if (source.kind === "worktree") return readWorktree(root, path);
  if (source.kind === "texts") {
    const text = source.texts.get(path);
    return Promise.resolve(text === undefined ? { path, reason: "not found", missing: true } : { path, text });
  }
  return readGitObject(root, source.kind === "index" ? `:${path}` : `${source.sha}:${path}`, path);
}

/**
 * A diff given as text may not be what is on disk (another branch, an edited file): its new lines must be the
 * file's, or the surrounding code shown to the model would be wrong. A file that differs is read as unreadable.
 */
function matchesDiff(text: string, file: ChangedFile | undefined): boolean {
  if (file?.patch === undefined) return true;
  const lines = text.split(/\r?\n/);
  try {
    return parsePatch(file.patch).every((hunk) => hunk.lines.every((line) => line.newLine === undefined || lines[line.newLine - 1] === line.text));
  } catch {
    return false;
  }
}

/**
 * The review's host for a local change: files and their text come from git or the working tree, and everything
 * a review would publish (check run, review, summary, replies) is kept in memory, never sent anywhere. There is no
 * earlier review, so every local review is a full one.
 */
export function createLocalHost(change: LocalChange, options: LocalHostOptions = {}): PullRequestHost & { readonly published: LocalPublications } {
  const published: LocalPublications = { reviews: [], checkRunOutputs: [] };
  const byPath = new Map(change.files.map((file) => [file.path, file]));
  return {
    published,
    listFiles: () => Promise.resolve([...change.files]),
    startCheckRun: () => Promise.resolve(0),
    completeCheckRun(_checkRunId, output) {
      published.checkRunOutputs.push(output);
      return Promise.resolve();
    },
    postReview(review) {
      published.reviews.push(review);
      return Promise.resolve();
    },
    reportProgress(_checkRunId, text) {
      options.onProgress?.(text);
      return Promise.resolve();
    },
    postReviewComment: () => Promise.resolve(),
    compareWithHead: () => Promise.resolve(undefined),
    findSummaryComment: () => Promise.resolve(undefined),
    writeSummaryComment: () => Promise.resolve(),
    listReviewComments: () => Promise.resolve([]),
    replyToReviewComment: () => Promise.resolve(),
    resolveReviewThread: () => Promise.resolve("not-found"),
    async readFiles(paths: readonly string[], revision: FileRevision): Promise<FileContents> {
      const source = revision === "head" ? change.head : change.guidance;
      const results = await pMap(paths, (path) => readText(change.root, source, path), { concurrency: READ_CONCURRENCY });
      const texts = new Map<string, string>();
      const unreadable: UnreadableFile[] = [];
      for (const result of results) {
        if (!("text" in result)) unreadable.push(result);
        else if (revision === "head" && source.kind === "worktree" && !matchesDiff(result.text, byPath.get(result.path))) {
          unreadable.push({ path: result.path, reason: "the file on disk is not the new side of the diff", missing: false });
        } else texts.set(result.path, result.text);
      }
      return { texts, unreadable };
    },
  };
}
