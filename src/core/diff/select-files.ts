import { DEFAULT_IGNORE_GROUPS } from "./default-ignore.js";
import { toFileDiff } from "./file-diff.js";
import { findGeneratedMarker } from "./generated-marker.js";
import { secretFile } from "../secrets/secret-files.js";
import { pathMatcher } from "./path-glob.js";
import type { ChangedFile, FileDiff } from "./types.js";

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface FileSelection {
  readonly reviewable: readonly FileDiff[];
  readonly skipped: readonly SkippedFile[];
}

export interface SelectionOptions {
  /** The repository's `ignore` patterns, applied after the defaults; `!pattern` re-includes. */
  readonly ignore: readonly string[];
  /** Whether the built-in list (lockfiles, generated, vendored, binaries…) and generated-code markers apply. */
  readonly useDefaultIgnore: boolean;
}

interface IgnoreRule {
  readonly negated: boolean;
  readonly matches: (path: string) => boolean;
  /** Why a file this rule ignores is not reviewed. */
  readonly reason: string;
}

function compileRule(raw: string, reasonFor: (pattern: string) => string): IgnoreRule {
  const negated = raw.startsWith("!");
  return { negated, matches: pathMatcher(negated ? raw.slice(1) : raw), reason: reasonFor(raw) };
}

function compileRules(options: SelectionOptions): IgnoreRule[] {
  const defaults = options.useDefaultIgnore
    ? DEFAULT_IGNORE_GROUPS.flatMap((group) =>
        group.patterns.map((pattern) => compileRule(pattern, (p) => `${group.kind} (default ignore \`${p}\`)`)),
      )
    : [];
  return [...defaults, ...options.ignore.map((pattern) => compileRule(pattern, (p) => `ignored by \`${p}\``))];
}

type IgnoreDecision = { readonly ignored: IgnoreRule } | { readonly reIncluded: boolean };

/** The last rule that matches decides, so `!keep.lock` after `*.lock` re-includes one file. */
function decide(path: string, rules: readonly IgnoreRule[]): IgnoreDecision {
  let decision: IgnoreDecision = { reIncluded: false };
  for (const rule of rules) {
    if (rule.matches(path)) decision = rule.negated ? { reIncluded: true } : { ignored: rule };
  }
  return decision;
}

/**
 * The repository's own `ignore` patterns as a test of one path (the last matching pattern decides; `!` re-includes),
 * without the built-in list: what the maintainers asked to keep away from the reviewer.
 */
export function ignoredByRepository(ignore: readonly string[]): (path: string) => string | undefined {
  const rules = ignore.map((pattern) => compileRule(pattern, (p) => `ignored by \`${p}\``));
  return (path) => {
    const decision = decide(path, rules);
    return "ignored" in decision ? decision.ignored.reason : undefined;
  };
}

function reasonNotReviewable(file: ChangedFile): string | undefined {
  if (file.status === "removed") return "deleted";
  const noPatch = file.patch === undefined || file.patch.trim() === "";
  if (!noPatch) return undefined;
  const unchanged = file.additions === 0 && file.deletions === 0;
  if (file.status === "renamed" && (unchanged || file.patch !== undefined)) return "renamed without changes";
  // GitHub's `changed` is a change of mode or type (e.g. chmod +x): there is no line to review.
  if (file.status === "changed" && unchanged) return "mode change only";
  if (file.patch === undefined) {
    return unchanged ? "binary, or too large for GitHub to show its diff" : "diff too large for GitHub to show";
  }
  return "no content changes";
}

function parseOrExplain(file: ChangedFile): FileDiff | string {
  try {
    return toFileDiff(file);
  } catch (error) {
    return `its diff could not be parsed (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Splits a pull request's files into those the model will see and those it will not, each with a reason. */
export function selectFiles(files: readonly ChangedFile[], options: SelectionOptions): FileSelection {
  const rules = compileRules(options);
  const reviewable: FileDiff[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    // Before the ignore rules: no `!pattern` brings a file of credentials back.
    const secret = secretFile(file.path);
    if (secret !== undefined) {
      skipped.push({ path: file.path, reason: secret.reason });
      continue;
    }
    const decision = decide(file.path, rules);
    if ("ignored" in decision) {
      skipped.push({ path: file.path, reason: decision.ignored.reason });
      continue;
    }
    const reason = reasonNotReviewable(file);
    if (reason) {
      skipped.push({ path: file.path, reason });
      continue;
    }
    const diff = parseOrExplain(file);
    if (typeof diff === "string") {
      skipped.push({ path: file.path, reason: diff });
      continue;
    }
    if (diff.hunks.length === 0) {
      skipped.push({ path: file.path, reason: "no reviewable lines in its diff" });
      continue;
    }
    // A file the repository re-included by name is reviewed even when a tool wrote it.
    const generated = options.useDefaultIgnore && !decision.reIncluded ? findGeneratedMarker(diff.hunks) : undefined;
    if (generated !== undefined) {
      skipped.push({ path: file.path, reason: `generated (\`${generated.marker}\` on line ${generated.line})` });
      continue;
    }
    reviewable.push(diff);
  }
  return { reviewable, skipped };
}
