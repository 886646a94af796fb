import type { ChangedFile, FileStatus } from "./types.js";

/** A multi-file diff that cannot be split into files and hunks; the message says where and why. */
export class MalformedDiffError extends Error {
  override readonly name = "MalformedDiffError";
}

interface FileBuilder {
  /** Started by `diff --git`: its extended header lines (renames, modes, binary) say what happened. */
  readonly git: boolean;
  gitPaths?: { readonly old: string; readonly new: string } | undefined;
  oldPath?: string | null | undefined;
  newPath?: string | null | undefined;
  renameFrom?: string;
  renameTo?: string;
  copied?: boolean;
  created?: boolean;
  deleted?: boolean;
  modeChanged?: boolean;
  binary?: boolean;
  readonly patchLines: string[];
  additions: number;
  deletions: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const DEV_NULL = "/dev/null";

/** Git's C-style quoting of unusual paths: `"a/\303\274 \"x\".txt"` is the UTF-8 path `a/ü "x".txt`. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const escapes: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, "\\": 92, '"': 34 };
  for (let i = 1; i < quoted.length - 1; i += 1) {
    const char = quoted.charAt(i);
    if (char !== "\\") {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = quoted.charAt(i + 1);
    const octal = /^[0-7]{3}/.exec(quoted.slice(i + 1, i + 4));
    if (octal !== null) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** `a/src/x.ts`, `"a/sp\303\244ce"`, or `a/with space.ts<TAB>2024-01-01 …` (GNU diff's timestamp) → the path. */
function headerPath(raw: string): string {
  const text = raw.replace(/\r$/, "");
  if (text.startsWith('"')) {
    const end = /^"(?:[^"\\]|\\.)*"/.exec(text);
    return end === null ? text : unquote(end[0]);
  }
  const tab = text.indexOf("\t");
  return tab < 0 ? text : text.slice(0, tab);
}

/** `diff --git a/x b/x`: split in the middle when both halves name the same path (spaces make it ambiguous). */
function gitHeaderPaths(rest: string): { old: string; new: string } | undefined {
  const text = rest.replace(/\r$/, "");
  if (text.startsWith('"')) {
    const first = /^"(?:[^"\\]|\\.)*"/.exec(text);
    if (first === null) return undefined;
    const second = text.slice(first[0].length + 1);
    return { old: unquote(first[0]), new: second.startsWith('"') ? unquote(second) : second };
  }
  if (text.length % 2 === 1) {
    const half = (text.length - 1) / 2;
    if (text.charAt(half) === " " && text.slice(0, half).replace(/^[^/]*\//, "") === text.slice(half + 1).replace(/^[^/]*\//, "")) {
      return { old: text.slice(0, half), new: text.slice(half + 1) };
    }
  }
  const quotedSecond = text.indexOf(' "');
  if (quotedSecond > 0) return { old: text.slice(0, quotedSecond), new: unquote(text.slice(quotedSecond + 1)) };
  return undefined;
}

/** Git's `a/` and `b/` (or mnemonic `i/`, `w/`, `c/`, `o/`) prefixes, taken off when both sides carry one. */
function stripPrefixes(oldPath: string | null, newPath: string | null): { old: string | null; new: string | null } {
  const prefix = /^[a-z]\//;
  const prefixed = (path: string | null): boolean => path === null || prefix.test(path);
  if (!prefixed(oldPath) || !prefixed(newPath) || (oldPath === null && newPath === null)) return { old: oldPath, new: newPath };
  return { old: oldPath?.replace(prefix, "") ?? null, new: newPath?.replace(prefix, "") ?? null };
}

function pathOrNull(path: string): string | null {
  return path === DEV_NULL ? null : path;
}

function statusOf(file: FileBuilder, created: boolean, deleted: boolean): FileStatus {
  if (created) return "added";
  if (deleted) return "removed";
  // Only git says a file was renamed or copied; a plain diff of `x.orig` against `x` is a change of `x`.
  if (file.copied === true) return "copied";
  if (file.renameFrom !== undefined) return "renamed";
  if (file.modeChanged === true && file.patchLines.length === 0 && file.binary !== true) return "changed";
  return "modified";
}

function toChangedFile(file: FileBuilder, index: number): ChangedFile {
  const headers = file.oldPath === undefined || file.newPath === undefined ? undefined : stripPrefixes(file.oldPath, file.newPath);
  const fromGit = file.gitPaths === undefined ? undefined : stripPrefixes(file.gitPaths.old, file.gitPaths.new);
  // `--- /dev/null` names no old file: the file was created (and `+++ /dev/null` deleted).
  const created = file.created === true || file.oldPath === null;
  const deleted = file.deleted === true || file.newPath === null;
  const oldPath = file.renameFrom ?? headers?.old ?? fromGit?.old ?? null;
  const newPath = file.renameTo ?? headers?.new ?? fromGit?.new ?? null;
  const path = deleted ? oldPath : newPath;
  if (path === null || path === "") throw new MalformedDiffError(`file ${index + 1} of the diff names no path`);
  const status = statusOf(file, created, deleted);
  return {
    path,
    ...((status === "renamed" || status === "copied") && oldPath !== null ? { previousPath: oldPath } : {}),
    status,
    ...(file.patchLines.length > 0 ? { patch: file.patchLines.join("\n") } : {}),
    additions: file.additions,
    deletions: file.deletions,
  };
}

/**
 * Reads the lines of one hunk after its header, as many as the header declares (a `--- x` line inside a hunk is
 * a deleted line, not a file header), plus git's `\ No newline at end of file` remarks.
 */
function readHunk(lines: readonly string[], start: number, header: RegExpExecArray, file: FileBuilder, where: string): number {
  let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
  let newLeft = header[4] === undefined ? 1 : Number(header[4]);
  let i = start;
  while (oldLeft > 0 || newLeft > 0) {
    const line = lines[i];
    if (line === undefined) throw new MalformedDiffError(`${where}: the diff ends inside a hunk (${oldLeft} old and ${newLeft} new lines missing)`);
    const marker = line.charAt(0);
    if (marker === "+") {
      newLeft -= 1;
      file.additions += 1;
    } else if (marker === "-") {
      oldLeft -= 1;
      file.deletions += 1;
    } else if (marker === " " || line === "" || line === "\r") {
      // An empty context line whose space an editor or mailer trimmed away.
      oldLeft -= 1;
      newLeft -= 1;
    } else if (marker !== "\\") {
      throw new MalformedDiffError(`${where}: line ${i + 1} of the diff is not a line of its hunk: ${JSON.stringify(line.slice(0, 80))}`);
    }
    if (oldLeft < 0 || newLeft < 0) throw new MalformedDiffError(`${where}: a hunk holds more lines than its header declares`);
    file.patchLines.push(line);
    i += 1;
  }
  while (lines[i]?.startsWith("\\") === true) {
    file.patchLines.push(lines[i] ?? "");
    i += 1;
  }
  return i;
}

function readGitHeaderLine(line: string, file: FileBuilder): void {
  const text = line.replace(/\r$/, "");
  if (text.startsWith("new file mode ")) file.created = true;
  else if (text.startsWith("deleted file mode ")) file.deleted = true;
  else if (text.startsWith("old mode ") || text.startsWith("new mode ")) file.modeChanged = true;
  else if (text.startsWith("rename from ")) file.renameFrom = headerPath(text.slice("rename from ".length));
  else if (text.startsWith("rename to ")) file.renameTo = headerPath(text.slice("rename to ".length));
  else if (text.startsWith("copy from ")) {
    file.copied = true;
    file.renameFrom = headerPath(text.slice("copy from ".length));
  } else if (text.startsWith("copy to ")) file.renameTo = headerPath(text.slice("copy to ".length));
  else if (text.startsWith("Binary files ") || text === "GIT binary patch") file.binary = true;
}

/**
 * Splits a unified diff of any number of files — `git diff` (renames, modes, binary files, quoted paths) or
 * `diff -u`/`diff -ruN` — into the files a pull request's files endpoint would list: each file's patch is its
 * hunks without file headers, as GitHub gives it. Text outside files (a commit message, `Only in …`) is skipped.
 *
 * @throws MalformedDiffError when a hunk is cut short or holds lines its header does not declare.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const lines = text.split("\n");
  const files: FileBuilder[] = [];
  let current: FileBuilder | undefined;
  const start = (git: boolean): FileBuilder => {
    const file: FileBuilder = { git, patchLines: [], additions: 0, deletions: 0 };
    files.push(file);
    return file;
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? "";
    if (line.startsWith("diff --git ")) {
      current = start(true);
      current.gitPaths = gitHeaderPaths(line.slice("diff --git ".length));
      i += 1;
      continue;
    }
    const next = lines[i + 1];
    if (line.startsWith("--- ") && next?.startsWith("+++ ") === true) {
      // The pair belongs to the git section just opened, or it opens a plain diff's next file.
      if (current === undefined || !current.git || current.oldPath !== undefined || current.patchLines.length > 0) current = start(false);
      current.oldPath = pathOrNull(headerPath(line.slice(4)));
      current.newPath = pathOrNull(headerPath(next.slice(4)));
      i += 2;
      continue;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk !== null && current !== undefined && (current.oldPath !== undefined || current.git)) {
      current.patchLines.push(line);
      i = readHunk(lines, i + 1, hunk, current, `file ${files.length} of the diff`);
      continue;
    }
    if (current?.git === true && current.patchLines.length === 0) readGitHeaderLine(line, current);
    i += 1;
  }
  return files.map(toChangedFile);
}
