import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../../src/core/config/repo-config.js";
import type { ChangedFile } from "../../../src/core/diff/types.js";
import { REVIEW_TOOL } from "../../../src/core/findings/review-tool.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { planReview } from "../../../src/core/plan/plan-review.js";
import { promptBudget, toolDefinitionTokens } from "../../../src/core/plan/prompt-budget.js";
import type { Logger } from "../../../src/core/ports.js";
import { renderUserMessage } from "../../../src/core/prompt/render-prompt.js";
import { SYSTEM_PROMPT } from "../../../src/core/prompt/system-prompt.js";

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pullRequest = { owner: "o", repo: "r", number: 1, title: "Many small changes", body: "", headSha: "h".repeat(40), baseSha: "b".repeat(40) };

/** Small one-hunk files: the packer can fill each call to within a few tokens of its budget. */
function smallFiles(count: number): ChangedFile[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `src/f${String(i).padStart(3, "0")}.ts`,
    status: "modified" as const,
    additions: 1,
    deletions: 1,
    patch: `@@ -1,2 +1,2 @@\n-export const v${i} = ${i};\n+export const v${i} = ${i + 1};\n context ${i}`,
  }));
}

describe("planReview's budget", () => {
  it("counts the submit_review definition as part of every call, so that each whole request fits the budget", async () => {
    const budget = promptBudget({ configuredTokens: 48_000, serverContextTokens: 6_000, maxOutputTokens: 2_000 });
    const plan = await planReview(
      { files: smallFiles(400), pullRequest, config: { ...DEFAULT_REPO_CONFIG, context_lines: 0, guidance_files: [] }, promptBudgetTokens: budget },
      { host: { readFiles: () => Promise.reject(new Error("no reads expected")) }, log, countTokens: estimateTokens },
    );
    expect(plan.chunks.length).toBeGreaterThan(3);
    const toolTokens = toolDefinitionTokens(estimateTokens);
    expect(toolTokens).toBe(estimateTokens(JSON.stringify({ type: "function", function: REVIEW_TOOL })));
    expect(toolTokens).toBeGreaterThan(300);
    const requestTokens = plan.chunks.map((chunk, index) => {
      const user = renderUserMessage({ pullRequest, instructions: chunk.instructions, fileSections: chunk.sections, part: { index, count: plan.chunks.length } });
      return estimateTokens(SYSTEM_PROMPT) + estimateTokens(user) + toolTokens;
    });
    for (const tokens of requestTokens) expect(tokens).toBeLessThanOrEqual(budget);
    // The calls are packed full: without the tool's share the fullest would not have fitted.
    expect(Math.max(...requestTokens)).toBeGreaterThan(budget - toolTokens);
  });
});
