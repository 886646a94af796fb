import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import type { FileDiff, FileStatus } from "../../../src/core/diff/types.js";
import { gitPatch } from "../../helpers/git-patch.js";

/** The diff git makes between two texts of one file, as the pull-request files endpoint gives it; null: added or removed. */
export function diffOf(path: string, before: string | null, after: string | null): FileDiff {
  const status: FileStatus = before === null ? "added" : after === null ? "removed" : "modified";
  return toFileDiff({ path, status, patch: gitPatch(before, after), additions: 0, deletions: 0 });
}
