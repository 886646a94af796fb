import type { RepositorySnapshot, SnapshotFile, SnapshotListing } from "../ports.js";
import { compareText } from "./tool-result.js";

/**
 * A snapshot over files already in memory (path → text, or a file's state such as binary): for a repository
 * read from disk by the command line, and for tests. A text with a NUL character counts as binary, as Git
 * decides.
 */
export function memorySnapshot(files: ReadonlyMap<string, string | SnapshotFile>, incomplete?: string): RepositorySnapshot {
  const listing: SnapshotListing = {
    paths: [...files.keys()].sort(compareText),
    ...(incomplete === undefined ? {} : { incomplete }),
  };
  return {
    listFiles: () => Promise.resolve(listing),
    readFile(path) {
      const file = files.get(path);
      if (file === undefined) return Promise.resolve({ kind: "missing" });
      if (typeof file !== "string") return Promise.resolve(file);
      return Promise.resolve(file.includes("\u0000") ? { kind: "binary" } : { kind: "text", text: file });
    },
  };
}
