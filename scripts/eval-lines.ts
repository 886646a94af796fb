/**
 * Prints every expected issue of a dataset with the lines it cites, marked `+` where the change added the
 * line, so that a new case's line numbers can be checked by eye: `npx tsx scripts/eval-lines.ts [eval]`.
 */
import { DatasetError, loadDataset } from "../src/adapters/eval/load-dataset.js";
import { parsePatch } from "../src/core/diff/parse-patch.js";

const dataset = process.argv[2] ?? "eval";

try {
  const cases = await loadDataset(dataset);
  for (const evalCase of cases) {
    if (evalCase.expected.length === 0) {
      console.log(`${evalCase.id}: clean`);
      continue;
    }
    for (const issue of evalCase.expected) {
      const lines = (evalCase.after.get(issue.path) ?? "").split("\n");
      const patch = evalCase.files.find((file) => file.path === issue.path)?.patch ?? "";
      const added = new Set(parsePatch(patch).flatMap((hunk) => hunk.lines.flatMap((line) => (line.kind === "add" && line.newLine !== undefined ? [line.newLine] : []))));
      console.log(`${evalCase.id}: ${issue.path}:${issue.line}${issue.end_line === undefined ? "" : `-${issue.end_line}`} (${issue.severity ?? "no severity"})`);
      for (let line = issue.line; line <= (issue.end_line ?? issue.line); line += 1) {
        console.log(`  ${added.has(line) ? "+" : " "}${String(line).padStart(4)} | ${lines[line - 1] ?? ""}`);
      }
    }
  }
} catch (error) {
  if (!(error instanceof DatasetError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
