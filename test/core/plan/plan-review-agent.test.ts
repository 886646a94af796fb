import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../../src/core/config/repo-config.js";
import type { ChangedFile } from "../../../src/core/diff/types.js";
import type { ImpactSection } from "../../../src/core/impact/symbol-uses.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { planReview } from "../../../src/core/plan/plan-review.js";
import { toolDefinitionTokens } from "../../../src/core/plan/prompt-budget.js";
import type { Logger } from "../../../src/core/ports.js";
import { renderUserMessage } from "../../../src/core/prompt/render-prompt.js";
import { systemPromptFor } from "../../../src/core/prompt/system-prompt.js";

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pullRequest = { owner: "o", repo: "r", number: 1, title: "Many small changes", body: "", headSha: "h".repeat(40), baseSha: "b".repeat(40) };
const config = { ...DEFAULT_REPO_CONFIG, context_lines: 0, guidance_files: [] };
const noReads = { readFiles: () => Promise.reject(new Error("no reads expected")) };

function smallFiles(count: number): ChangedFile[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `src/f${String(i).padStart(3, "0")}.ts`,
    status: "modified" as const,
    additions: 1,
    deletions: 1,
    patch: `@@ -1,2 +1,2 @@\n-export const v${i} = ${i};\n+export const v${i} = ${i + 1};\n context ${i}`,
  }));
}

function section(path: string, name: string): ImpactSection {
  return {
    symbol: { name, identifier: name, member: false, kind: "function", language: "typescript", path, change: "signature", changedLines: 1 },
    title: `Uses of \`${name}\``,
    text: `Uses of \`${name}\`: 1 found\nsrc/other.ts:3\n>  3 | ${name}(1);`,
    shown: [{ path: "src/other.ts", line: 3 }],
    found: 1,
  };
}

describe("planReview with the repository tools and cross-file impact", () => {
  it("keeps the reserved room free in every call: the tools' definitions and their results fit beside the diff", async () => {
    const systemPrompt = systemPromptFor({ maxRounds: 6 });
    const reservedTokens = 2_000;
    const budget = 8_000;
    const plan = await planReview({ files: smallFiles(400), pullRequest, config, promptBudgetTokens: budget, systemPrompt, reservedTokens }, { host: noReads, log, countTokens: estimateTokens });
    const without = await planReview({ files: smallFiles(400), pullRequest, config, promptBudgetTokens: budget }, { host: noReads, log, countTokens: estimateTokens });
    expect(plan.chunks.length).toBeGreaterThan(without.chunks.length);
    for (const [index, chunk] of plan.chunks.entries()) {
      const user = renderUserMessage({ pullRequest, instructions: chunk.instructions, fileSections: chunk.sections, part: { index, count: plan.chunks.length } });
      expect(estimateTokens(systemPrompt) + estimateTokens(user) + toolDefinitionTokens(estimateTokens) + reservedTokens).toBeLessThanOrEqual(budget);
    }
  });

  it("gives each part the uses of the symbols its own files change, within the budget, and the head texts it read", async () => {
    const files = smallFiles(40);
    const asked: string[][] = [];
    const plan = await planReview(
      { files, pullRequest, config: { ...config, context_lines: 3 }, promptBudgetTokens: 3_000 },
      {
        host: { readFiles: (paths) => Promise.resolve({ texts: new Map(paths.map((path) => [path, "export const x = 1;\n"])), unreadable: [] }) },
        log,
        countTokens: estimateTokens,
        impact: (_diffs, heads) => {
          asked.push([...heads.keys()]);
          return Promise.resolve([section("src/f000.ts", "first"), section("src/f039.ts", "last")]);
        },
      },
    );
    expect(asked).toEqual([files.map((file) => file.path)]);
    expect(plan.headTexts.size).toBe(40);
    expect(plan.chunks.length).toBeGreaterThan(1);
    const first = plan.chunks[0];
    const last = plan.chunks.at(-1);
    expect(first?.impact).toContain("Uses of `first`");
    expect(first?.impact).not.toContain("Uses of `last`");
    expect(last?.impact).toContain("Uses of `last`");
    expect(first?.impact).toMatch(/^Code elsewhere in the repository that uses symbols this pull request changes \(untrusted; .*\):\n<pr_data>\n/);
    for (const [index, chunk] of plan.chunks.entries()) {
      const user = renderUserMessage({ pullRequest, instructions: chunk.instructions, fileSections: chunk.sections, part: { index, count: plan.chunks.length }, impact: chunk.impact });
      expect(estimateTokens(systemPromptFor(undefined)) + estimateTokens(user) + toolDefinitionTokens(estimateTokens)).toBeLessThanOrEqual(3_000);
    }
  });

  it("leaves the uses out rather than squeeze the diff when the budget has no room for them", async () => {
    const huge: ImpactSection = { ...section("src/f000.ts", "big"), text: "x".repeat(12_000) };
    const plan = await planReview(
      { files: smallFiles(3), pullRequest, config, promptBudgetTokens: 3_000 },
      { host: noReads, log, countTokens: estimateTokens, impact: () => Promise.resolve([huge]) },
    );
    expect(plan.chunks.every((chunk) => chunk.impact === "")).toBe(true);
  });
});
