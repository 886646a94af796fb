import { toFileDiff } from "../diff/file-diff.js";
import type { ChangedFile, FileDiff } from "../diff/types.js";
import type { ReviewState } from "./review-state.js";

/** What `GET /compare/{base}...{head}` says about two commits. */
export interface Comparison {
  readonly status: "ahead" | "behind" | "diverged" | "identical";
  readonly files: readonly ChangedFile[];
}

/** GitHub's compare lists at most 300 files; a bigger push cannot be reviewed from it. */
export const MAX_COMPARE_FILES = 300;

export type ReviewScope =
  | { readonly kind: "full"; readonly reason: string }
  | {
      readonly kind: "incremental";
      /** The head the previous review covered. */
      readonly baseSha: string;
      /** The files of the pull request the push changed, with the push's own patch. */
      readonly files: readonly ChangedFile[];
      /** Every file the push changed, parsed, for following earlier findings to their new lines. */
      readonly changed: readonly FileDiff[];
      /** Files the push deleted, or that are no longer part of the pull request. */
      readonly gone: ReadonlySet<string>;
    };

export interface ScopeInput {
  readonly state: ReviewState | undefined;
  readonly headSha: string;
  /** A re-run (button or GitHub's "Re-run") always reviews everything. */
  readonly fullRequested: boolean;
  readonly pullRequestFiles: readonly ChangedFile[];
}

/** Which commit the push should be compared with, or the reason the whole pull request is reviewed. */
export function comparisonBase(input: ScopeInput): { readonly baseSha: string } | { readonly full: string } {
  if (input.fullRequested) return { full: "a full review was requested" };
  if (input.state?.headSha === undefined) return { full: "first review of this pull request" };
  return { baseSha: input.state.headSha };
}

function parsed(files: readonly ChangedFile[]): FileDiff[] {
  const diffs: FileDiff[] = [];
  for (const file of files) {
    // A patch that does not parse cannot move findings; they stay where they were.
    try {
      diffs.push(toFileDiff(file));
    } catch {
      continue;
    }
  }
  return diffs;
}

/**
 * Decides from the comparison of the last reviewed head with the new one: a push on top of it ("ahead", or
 * "identical") is reviewed incrementally; a force-push ("diverged", "behind", or a head GitHub no longer
 * knows) or a push too large for the compare API is reviewed in full.
 */
export function scopeFromComparison(baseSha: string, comparison: Comparison | undefined, pullRequestFiles: readonly ChangedFile[]): ReviewScope {
  if (comparison === undefined) return { kind: "full", reason: `the last reviewed commit ${baseSha.slice(0, 7)} is no longer known` };
  if (comparison.status === "diverged" || comparison.status === "behind") {
    return { kind: "full", reason: `the branch was rewritten since ${baseSha.slice(0, 7)} (force-push)` };
  }
  if (comparison.files.length >= MAX_COMPARE_FILES) return { kind: "full", reason: "the push changed too many files to compare" };
  const inPullRequest = new Set(pullRequestFiles.map((file) => file.path));
  // A file the push deleted, or reverted so that the pull request no longer changes it: its findings are moot.
  const gone = new Set(comparison.files.filter((file) => file.status === "removed" || !inPullRequest.has(file.path)).map((file) => file.path));
  return {
    kind: "incremental",
    baseSha,
    files: comparison.files.filter((file) => inPullRequest.has(file.path)),
    changed: parsed(comparison.files.filter((file) => file.status !== "removed")),
    gone,
  };
}
