import { buildLineIndex } from "./line-index.js";
import { parsePatch } from "./parse-patch.js";
import type { ChangedFile, FileDiff } from "./types.js";

/**
 * Parses one changed file of a pull request. A file without a patch (binary, or too large for GitHub to
 * include one) has no hunks, so no line of it is commentable. `path` stays the new path of a renamed file:
 * GitHub rejects comments on the old one ("path is invalid").
 *
 * @throws MalformedPatchError when the patch is not a well-formed header-less unified diff.
 */
export function toFileDiff(file: ChangedFile): FileDiff {
  const hunks = file.patch === undefined ? [] : parsePatch(file.patch);
  return {
    path: file.path,
    ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
    status: file.status,
    hunks,
    lineIndex: buildLineIndex(hunks),
    additions: file.additions,
    deletions: file.deletions,
  };
}
