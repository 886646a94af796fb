import { execFileSync } from "node:child_process";
import { z } from "zod";

/**
 * `npm run bench`: plans the review of synthetic pull requests of 10 to 3,000 files (≈40 changed lines each,
 * every file's head version available for surrounding code) and prints time, peak memory, calls and tokens.
 * Each row runs in its own process so that its peak memory is its own.
 */
const RowSchema = z.object({
  size: z.number(),
  tokenizer: z.string(),
  limits: z.string(),
  loadMs: z.number(),
  planMs: z.number(),
  peakRssMb: z.number(),
  changedLines: z.number(),
  calls: z.number(),
  tokens: z.number(),
  notReviewed: z.number(),
});
type Row = z.infer<typeof RowSchema>;

const SIZES = [10, 100, 1000, 3000];
/** The engine alone with the fast estimate and with Qwen3's tokenizer, then a review as configured by default. */
const MODES = [
  { tokenizer: "estimate", limits: "unlimited" },
  { tokenizer: "qwen3", limits: "unlimited" },
  { tokenizer: "qwen3", limits: "defaults" },
] as const;

function measure(size: number, tokenizer: string, limits: string): Row {
  const args = ["--import", "tsx", "bench/measure.ts", String(size), tokenizer, limits];
  const output = execFileSync(process.execPath, args, { encoding: "utf8" });
  return RowSchema.parse(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"));
}

const rows: Row[] = [];
for (const mode of MODES) for (const size of SIZES) rows.push(measure(size, mode.tokenizer, mode.limits));

const header = "| files | changed lines | token counter | limits | plan time (ms) | ms / file | peak RSS (MB) | calls | tokens planned | not reviewed |";
const divider = "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|";
console.log("Plan = select (parse, line index, ignore rules) + order + widen with head contents + guidance + pack; 48,000-token calls.");
console.log(header);
console.log(divider);
for (const r of rows) {
  const counter = r.tokenizer === "qwen3" ? `Qwen3 (load ${Math.round(r.loadMs)} ms, not in plan time)` : "estimate";
  console.log(
    `| ${r.size} | ${r.changedLines} | ${counter} | ${r.limits === "defaults" ? "max_files 300, max_prompt_tokens 400k" : "none"} | ${r.planMs.toFixed(0)} | ${(r.planMs / r.size).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.calls} | ${r.tokens} | ${r.notReviewed} |`,
  );
}
