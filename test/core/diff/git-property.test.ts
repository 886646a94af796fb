import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { findDiffProblems } from "./support/diff-consistency.js";
import { diffWorkTree, stageFilePairs, withTempRepo, type DiffOptions, type FilePair } from "./support/git.js";
import { generateFilePair } from "./support/random-files.js";

/**
 * Property test with git as the oracle: random files get random edits, git diffs them, and every line the
 * parsed diff calls commentable must hold the text the files hold at that number.
 *
 * To reproduce a failure, take the seed and case from its message: `generateFilePair(seed, case)` gives
 * the two files, and `git diff` with the options shown gives the patch.
 */
const SEED = 20_240_917;
const BATCH_SIZE = 500;
const BATCH_COUNT = 4;

/** GitHub's own diff first; the others give hunk shapes it can also produce (no context, merged hunks). */
const DIFF_VARIANTS: readonly DiffOptions[] = [
  { context: 3, algorithm: "myers" },
  { context: 0, algorithm: "histogram" },
  { context: 1, algorithm: "patience" },
];

/** Patch features each batch must contain, or the test would prove less than it seems to. */
const FEATURES: Readonly<Record<string, RegExp>> = {
  "no newline marker": /^\\ No newline at end of file$/m,
  "CRLF content": /\r$/m,
  "deleted line looking like a file header": /^--- /m,
  "added line looking like a file header": /^\+\+\+ /m,
  "header without count": /^@@ -\d+ \+\d+(,\d+)? @@|^@@ -\d+,\d+ \+\d+ @@/m,
  "file created from empty": /^@@ -0,0 /m,
  "file emptied": /^@@ -\d+(,\d+)? \+0,0 @@/m,
  "several hunks": /^@@[^]*^@@/m,
  "non-ASCII": /\P{ASCII}/u,
  "empty context line": /^ $/m,
};

interface BatchResult {
  readonly problems: string[];
  readonly features: Set<string>;
  readonly patchCount: number;
}

function checkBatch(pairs: readonly FilePair[], caseIndexOf: ReadonlyMap<string, number>): BatchResult {
  const problems: string[] = [];
  const features = new Set<string>();
  let patchCount = 0;
  withTempRepo((dir) => {
    stageFilePairs(dir, pairs);
    for (const options of DIFF_VARIANTS) {
      const patches = diffWorkTree(dir, options);
      for (const pair of pairs) {
        const where = `seed=${SEED} case=${String(caseIndexOf.get(pair.name))} (${pair.name}), git diff -U${options.context} --diff-algorithm=${options.algorithm}`;
        const patch = patches.get(pair.name);
        if (patch === undefined) {
          if (pair.before !== pair.after) problems.push(`${where}: git shows no diff for changed files`);
          continue;
        }
        patchCount += 1;
        for (const [feature, pattern] of Object.entries(FEATURES)) if (pattern.test(patch)) features.add(feature);
        try {
          const diff = toFileDiff({ path: pair.name, status: "modified", patch, additions: 0, deletions: 0 });
          const found = findDiffProblems(diff.hunks, diff.lineIndex, pair.before, pair.after);
          if (found.length > 0) problems.push(`${where}: ${found.slice(0, 3).join("; ")}\npatch: ${JSON.stringify(patch.slice(0, 1500))}`);
        } catch (error) {
          problems.push(`${where}: ${String(error)}\npatch: ${JSON.stringify(patch.slice(0, 1500))}`);
        }
      }
    }
  });
  return { problems, features, patchCount };
}

describe(`parsed git diffs agree with the files (seed ${SEED})`, () => {
  const batches = Array.from({ length: BATCH_COUNT }, (_, batch) => {
    const first = batch * BATCH_SIZE;
    return { title: `cases ${first}–${first + BATCH_SIZE - 1}`, first };
  });

  it.each(batches)("$title", ({ first }) => {
    const caseIndexOf = new Map<string, number>();
    const pairs = Array.from({ length: BATCH_SIZE }, (_, i) => {
      const pair = generateFilePair(SEED, first + i);
      caseIndexOf.set(pair.name, first + i);
      return pair;
    });

    const { problems, features, patchCount } = checkBatch(pairs, caseIndexOf);

    expect(problems.slice(0, 5), `${problems.length} failing cases`).toEqual([]);
    expect(patchCount).toBeGreaterThan(BATCH_SIZE * DIFF_VARIANTS.length * 0.8);
    expect([...features].sort()).toEqual(Object.keys(FEATURES).sort());
  });
});
