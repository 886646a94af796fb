import picomatch from "picomatch";
import { toFileDiff } from "./file-diff.js";
import type { ChangedFile, FileDiff } from "./types.js";

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface FileSelection {
  readonly reviewable: readonly FileDiff[];
  readonly skipped: readonly SkippedFile[];
}

interface IgnoreRule {
  readonly pattern: string;
  readonly negated: boolean;
  readonly matches: (path: string) => boolean;
}

function compileIgnoreRules(patterns: readonly string[]): IgnoreRule[] {
  return patterns.map((raw) => {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    // As in .gitignore, a pattern without a slash matches the file name at any depth (`*.lock`).
    const matchesName = !pattern.includes("/");
    const isMatch = picomatch(pattern, { dot: true });
    const matches = matchesName ? (path: string) => isMatch(path.slice(path.lastIndexOf("/") + 1)) : isMatch;
    return { pattern: raw, negated, matches };
  });
}

/** The last rule that matches decides, so `!keep.lock` after `*.lock` re-includes one file. */
function ignoringRule(path: string, rules: readonly IgnoreRule[]): IgnoreRule | undefined {
  let decision: IgnoreRule | undefined;
  for (const rule of rules) {
    if (rule.matches(path)) decision = rule.negated ? undefined : rule;
  }
  return decision;
}

function reasonNotReviewable(file: ChangedFile): string | undefined {
  if (file.status === "removed") return "deleted";
  if (file.patch === undefined) return "binary, or too large for GitHub to show its diff";
  if (file.patch.trim() === "") return file.status === "renamed" ? "renamed without changes" : "no content changes";
  return undefined;
}

function parseOrExplain(file: ChangedFile): FileDiff | string {
  try {
    return toFileDiff(file);
  } catch (error) {
    return `its diff could not be parsed (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Splits a pull request's files into those the model will see and those it will not, each with a reason. */
export function selectFiles(files: readonly ChangedFile[], ignorePatterns: readonly string[]): FileSelection {
  const rules = compileIgnoreRules(ignorePatterns);
  const reviewable: FileDiff[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const rule = ignoringRule(file.path, rules);
    if (rule) {
      skipped.push({ path: file.path, reason: `ignored by \`${rule.pattern}\`` });
      continue;
    }
    const reason = reasonNotReviewable(file);
    if (reason) {
      skipped.push({ path: file.path, reason });
      continue;
    }
    const diff = parseOrExplain(file);
    if (typeof diff === "string") skipped.push({ path: file.path, reason: diff });
    else if (diff.hunks.length === 0) skipped.push({ path: file.path, reason: "no reviewable lines in its diff" });
    else reviewable.push(diff);
  }
  return { reviewable, skipped };
}
