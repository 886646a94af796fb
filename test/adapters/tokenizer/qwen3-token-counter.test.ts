import { describe, expect, it } from "vitest";
import { qwen3TokenCounter } from "../../../src/adapters/tokenizer/qwen3-token-counter.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import type { Logger } from "../../../src/core/ports.js";

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, error: () => undefined, warn: (_details, message) => warnings.push(message) };
}

describe("qwen3TokenCounter", () => {
  it("counts with Qwen3's own vocabulary, loading it once", async () => {
    const source = qwen3TokenCounter(recordingLog());
    const count = await source();
    expect(await source()).toBe(count);
    expect(count("")).toBe(0);
    expect(count("hello world")).toBe(2);
    // Where a characters-per-token estimate is far off: lockfile hashes and CJK text.
    const integrity = '"integrity": "sha512-2m9Jd8G6NVVVcxOdkaxN1Ahd6TSYXw5YkO9KjW0sG3Q7bWm5m2Wd9a8ZqWbq3dC0Ww=="';
    expect(count(integrity)).toBeGreaterThan(estimateTokens(integrity));
    expect(count("检查每个查询都使用绑定参数")).toBeGreaterThan(estimateTokens("检查每个查询都使用绑定参数"));
  });

  it("falls back to the estimate when the tokenizer cannot load, and says so once", async () => {
    const log = recordingLog();
    const source = qwen3TokenCounter(log, () => Promise.reject(new Error("no such module")));
    expect(await source()).toBe(estimateTokens);
    expect(await source()).toBe(estimateTokens);
    expect(log.warnings).toEqual(["the Qwen3 tokenizer could not be loaded; token counts are estimated from characters"]);
  });
});
