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
  agentic: z.boolean(),
  loadMs: z.number(),
  planMs: z.number(),
  peakRssMb: z.number(),
  changedLines: z.number(),
  calls: z.number(),
  tokens: z.number(),
  impactTokens: z.number(),
  notReviewed: z.number(),
});
type Row = z.infer<typeof RowSchema>;

const SIZES = [10, 100, 1000, 3000];
/**
 * The engine alone with the fast estimate and with Qwen3's tokenizer, then a review with the default limits: the
 * diff alone (`agentic: false`), and as the App plans it by default, with room kept for the repository tools and
 * the uses of changed symbols searched in the head commit.
 */
const MODES = [
  { tokenizer: "estimate", limits: "unlimited", agentic: false },
  { tokenizer: "qwen3", limits: "unlimited", agentic: false },
  { tokenizer: "qwen3", limits: "defaults", agentic: false },
  { tokenizer: "qwen3", limits: "defaults", agentic: true },
] as const;

function measure(size: number, tokenizer: string, limits: string, agentic: boolean): Row {
  const args = ["--import", "tsx", "bench/measure.ts", String(size), tokenizer, limits, agentic ? "agentic" : "diff"];
  const output = execFileSync(process.execPath, args, { encoding: "utf8" });
  return RowSchema.parse(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"));
}

const rows: Row[] = [];
for (const mode of MODES) for (const size of SIZES) rows.push(measure(size, mode.tokenizer, mode.limits, mode.agentic));

const header =
  "| files | changed lines | token counter | limits | repository tools | plan time (ms) | ms / file | peak RSS (MB) | calls | tokens planned | of them uses of changed symbols | not reviewed |";
const divider = "|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|";
console.log("Plan = select (parse, line index, ignore rules) + order + widen with head contents + guidance + pack; 48,000-token calls.");
console.log(
  "Repository tools on: every call keeps room for their definitions and results (min(MODEL_MAX_TOOL_RESULT_TOKENS, 25 % of the budget)), and the uses of changed exported symbols are searched in the head commit.",
);
console.log(header);
console.log(divider);
for (const r of rows) {
  const counter = r.tokenizer === "qwen3" ? `Qwen3 (load ${Math.round(r.loadMs)} ms, not in plan time)` : "estimate";
  const limits = r.limits === "defaults" ? "max_files 300, max_prompt_tokens 400k" : "none";
  console.log(
    `| ${r.size} | ${r.changedLines} | ${counter} | ${limits} | ${r.agentic ? "on" : "off"} | ${r.planMs.toFixed(0)} | ${(r.planMs / r.size).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.calls} | ${r.tokens} | ${r.impactTokens} | ${r.notReviewed} |`,
  );
}
