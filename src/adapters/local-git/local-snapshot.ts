import { memorySnapshot } from "../../core/agent/memory-snapshot.js";
import type { RepositorySnapshot, SnapshotFile, SnapshotListing } from "../../core/ports.js";
import type { LocalChange, TextSource } from "./local-change.js";
import { readText } from "./local-host.js";
import { git } from "./run-git.js";

/** The files of the new side: a commit's tree, the index, or the working tree with untracked files git does not ignore. */
function listArgs(source: Exclude<TextSource, { readonly kind: "texts" }>): string[] {
  switch (source.kind) {
    case "commit":
      return ["ls-tree", "-r", "-z", "--name-only", "--full-tree", source.sha];
    case "index":
      return ["ls-files", "-z", "--cached"];
    case "worktree":
      return ["ls-files", "-z", "--cached", "--others", "--exclude-standard"];
  }
}

function sortedUnique(paths: readonly string[]): string[] {
  return [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The repository as a local review sees it, for the model's tools and the search for uses of changed symbols:
 * texts already in memory (an eval case's files after the change), or git's view of the new side, listed once and
 * read file by file when asked for. Nothing is run but git itself.
 */
export function localRepositorySnapshot(change: Pick<LocalChange, "root" | "head">): RepositorySnapshot {
  const source = change.head;
  if (source.kind === "texts") return memorySnapshot(source.texts);
  let listing: Promise<SnapshotListing> | undefined;
  const read = new Map<string, Promise<SnapshotFile>>();
  return {
    listFiles() {
      listing ??= git(change.root, listArgs(source)).then((output) => ({ paths: sortedUnique(output.split("\0").filter((path) => path !== "")) }));
      return listing;
    },
    readFile(path) {
      const known = read.get(path);
      if (known !== undefined) return known;
      const reading = readText(change.root, source, path).then((result): SnapshotFile => {
        if ("text" in result) return { kind: "text", text: result.text };
        if (result.missing) return { kind: "missing" };
        if (result.reason === "binary") return { kind: "binary" };
        return { kind: "unavailable", reason: result.reason };
      });
      read.set(path, reading);
      return reading;
    },
  };
}
