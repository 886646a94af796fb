import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { packChunks } from "../../../src/core/plan/pack-chunks.js";

function hunk(start: number, lines: number, width = 20): string {
  const body = Array.from({ length: lines }, (_, i) => `+${"x".repeat(width)}${i}`).join("\n");
  return `@@ -${start},0 +${start},${lines} @@\n${body}`;
}

const diff = (path: string, patch: string) => toFileDiff({ path, status: "modified", patch, additions: 1, deletions: 0 });

describe("packChunks", () => {
  it("puts everything in one call when it fits, files of a folder side by side", () => {
    const plan = packChunks([diff("b/z.ts", hunk(1, 3)), diff("a/y.ts", hunk(1, 3)), diff("b/a.ts", hunk(1, 3))], 10_000);
    expect(plan.notReviewed).toEqual([]);
    expect(plan.chunks.map((c) => c.paths)).toEqual([["a/y.ts", "b/a.ts", "b/z.ts"]]);
  });

  it("keeps every chunk under the budget and every file in some chunk", () => {
    const files = Array.from({ length: 40 }, (_, i) => diff(`dir${i % 4}/f${i}.ts`, hunk(1, 10)));
    const budget = 600;
    const plan = packChunks(files, budget);
    expect(plan.chunks.length).toBeGreaterThan(1);
    for (const chunk of plan.chunks) {
      expect(chunk.estimatedTokens).toBeLessThanOrEqual(budget);
      expect(chunk.estimatedTokens).toBe(chunk.sections.reduce((sum, s) => sum + estimateTokens(s), 0));
    }
    expect(new Set(plan.chunks.flatMap((c) => c.paths))).toEqual(new Set(files.map((f) => f.path)));
  });

  it("splits a file too big for one call between its hunks", () => {
    const big = diff("big.ts", [hunk(1, 20), hunk(100, 20), hunk(200, 20)].join("\n"));
    const plan = packChunks([big], 300);
    expect(plan.notReviewed).toEqual([]);
    expect(plan.chunks.length).toBeGreaterThan(1);
    const headers = plan.chunks.flatMap((c) => c.sections.join("\n").match(/^@@ .*$/gm) ?? []);
    expect(headers).toHaveLength(3);
  });

  it("reports a hunk that cannot fit any call instead of dropping it silently", () => {
    const plan = packChunks([diff("huge.ts", hunk(1, 500)), diff("small.ts", hunk(1, 2))], 300);
    expect(plan.chunks.flatMap((c) => c.paths)).toEqual(["small.ts"]);
    expect(plan.notReviewed).toEqual([{ path: "huge.ts", reason: expect.stringMatching(/too large for one model call/) }]);
  });
});
