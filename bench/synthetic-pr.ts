import type { ChangedFile } from "../src/core/diff/types.js";

/** A file of `functions` small TypeScript functions, 10 lines each, as the head commit has it. */
function sourceLines(seed: number, functions: number, edited: ReadonlySet<number>): string[] {
  const lines: string[] = [`import { helper${seed % 7} } from "./helpers";`, ""];
  for (let f = 0; f < functions; f += 1) {
    const changed = edited.has(f);
    lines.push(
      `export function handle${seed}_${f}(input: Record<string, number>, limit = ${f + 1}): number {`,
      `  let total = 0;`,
      `  for (const [key, value] of Object.entries(input)) {`,
      changed ? `    if (key.startsWith("skip_${f}")) continue;` : `    if (key.startsWith("x")) continue;`,
      changed ? `    total += Math.min(value, limit) * helper${seed % 7}(${f});` : `    total += value;`,
      `  }`,
      changed ? `  return total > limit * 2 ? limit * 2 : total; // capped` : `  return total;`,
      `}`,
      "",
      "",
    );
  }
  return lines;
}

export interface SyntheticFile {
  readonly file: ChangedFile;
  /** The file at the head commit, for the surrounding code. */
  readonly head: string;
}

/**
 * A modified file of 20 functions in which `editedFunctions` functions changed 3 lines each (3 deleted + 3
 * added), i.e. 6 changed lines per function, with git's 3 lines of context, as GitHub's files endpoint has it.
 */
export function syntheticFile(index: number, editedFunctions: number): SyntheticFile {
  const functions = 20;
  const edited = new Set(Array.from({ length: editedFunctions }, (_, i) => (i * 3 + index) % functions));
  const before = sourceLines(index, functions, new Set());
  const after = sourceLines(index, functions, edited);
  const hunks: string[] = [];
  let additions = 0;
  let deletions = 0;
  // Same length before and after: line n is line n in both files.
  const changedLineNumbers = [...edited].sort((a, b) => a - b).flatMap((f) => [2 + f * 10 + 4, 2 + f * 10 + 5, 2 + f * 10 + 7]);
  let i = 0;
  while (i < changedLineNumbers.length) {
    let j = i;
    while (j + 1 < changedLineNumbers.length && (changedLineNumbers[j + 1] ?? 0) - (changedLineNumbers[j] ?? 0) <= 6) j += 1;
    const first = Math.max(1, (changedLineNumbers[i] ?? 1) - 3);
    const last = Math.min(after.length, (changedLineNumbers[j] ?? 1) + 3);
    const changed = new Set(changedLineNumbers.slice(i, j + 1));
    const body: string[] = [];
    let pendingAdds: string[] = [];
    for (let n = first; n <= last; n += 1) {
      if (changed.has(n)) {
        body.push(`-${before[n - 1] ?? ""}`);
        pendingAdds.push(`+${after[n - 1] ?? ""}`);
        deletions += 1;
        additions += 1;
      } else {
        body.push(...pendingAdds, ` ${after[n - 1] ?? ""}`);
        pendingAdds = [];
      }
    }
    body.push(...pendingAdds);
    const count = last - first + 1;
    hunks.push(`@@ -${first},${count} +${first},${count} @@\n${body.join("\n")}`);
    i = j + 1;
  }
  const folder = `packages/pkg${index % 25}/src/${index % 3 === 0 ? "lib" : "features"}`;
  const path = index % 10 === 9 ? `${folder}/handler${index}.test.ts` : `${folder}/handler${index}.ts`;
  return { file: { path, status: "modified", patch: hunks.join("\n"), additions, deletions }, head: `${after.join("\n")}\n` };
}

/** A pull request of `count` files with ≈40 changed lines each (7 functions × 6 lines = 42). */
export function syntheticPullRequest(count: number): SyntheticFile[] {
  return Array.from({ length: count }, (_, index) => syntheticFile(index, 7));
}

/**
 * Files outside the pull request that call every function of the first `count` synthetic files, one caller file
 * each: the uses of changed symbols that a review searches the head commit for.
 */
export function syntheticCallers(count: number): Map<string, string> {
  const callers = new Map<string, string>();
  for (let index = 0; index < count; index += 1) {
    const calls = Array.from({ length: 20 }, (_, f) => `  total += handle${index}_${f}({ a: ${f} }, ${f + 2});`);
    callers.set(`apps/app${index % 25}/use-handler${index}.ts`, [`export function run${index}(): number {`, "  let total = 0;", ...calls, "  return total;", "}", ""].join("\n"));
  }
  return callers;
}
