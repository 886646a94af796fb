import { describe, expect, it } from "vitest";
import type { FileContext } from "../../../src/core/context/types.js";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { packChunks, type PackInput } from "../../../src/core/plan/pack-chunks.js";

function hunk(start: number, lines: number, width = 20): string {
  const body = Array.from({ length: lines }, (_, i) => `+${"x".repeat(width)}${i}`).join("\n");
  return `@@ -${start},0 +${start},${lines} @@\n${body}`;
}

const diff = (path: string, patch: string) => toFileDiff({ path, status: "modified", patch, additions: 1, deletions: 0 });
const pack = (files: PackInput["files"], callBudget: number, over: Partial<PackInput> = {}) =>
  packChunks({ files, callBudget, totalBudget: 1_000_000, countTokens: estimateTokens, ...over });

describe("packChunks", () => {
  it("puts everything in one call when it fits, files of a folder side by side", async () => {
    const plan = await pack([diff("b/z.ts", hunk(1, 3)), diff("a/y.ts", hunk(1, 3)), diff("b/a.ts", hunk(1, 3))], 10_000);
    expect(plan.notReviewed).toEqual([]);
    expect(plan.chunks.map((c) => c.paths)).toEqual([["a/y.ts", "b/a.ts", "b/z.ts"]]);
  });

  it("keeps every chunk under the budget, counts what the prompt joins, and loses no file", async () => {
    const files = Array.from({ length: 40 }, (_, i) => diff(`dir${i % 4}/f${i}.ts`, hunk(1, 10)));
    const budget = 600;
    const plan = await pack(files, budget);
    expect(plan.chunks.length).toBeGreaterThan(1);
    for (const chunk of plan.chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(budget);
      // One token per join at most: the sum of the parts plus the joins bounds the joined text.
      expect(estimateTokens(chunk.sections.join("\n\n"))).toBeLessThanOrEqual(chunk.tokens);
    }
    expect(new Set(plan.chunks.flatMap((c) => c.paths))).toEqual(new Set(files.map((f) => f.path)));
  });

  it("keeps a folder's files in consecutive calls, and a file in one call when it fits one", async () => {
    const files = Array.from({ length: 30 }, (_, i) => diff(`dir${i % 3}/f${String(i).padStart(2, "0")}.ts`, hunk(1, 4 + (i % 5))));
    const plan = await pack(files, 500);
    const order = plan.chunks.flatMap((c) => c.paths);
    expect(order).toEqual([...files.map((f) => f.path)].sort());
    expect(new Set(order).size).toBe(order.length);
  });

  it("splits a file too big for one call between its hunks, each part with the file heading", async () => {
    const big = diff("big.ts", [hunk(1, 20), hunk(100, 20), hunk(200, 20)].join("\n"));
    const plan = await pack([big], 300);
    expect(plan.notReviewed).toEqual([]);
    expect(plan.chunks.length).toBeGreaterThan(1);
    const text = plan.chunks.flatMap((c) => c.sections).join("\n");
    expect(text.match(/^@@ .*$/gm)).toHaveLength(3);
    for (const chunk of plan.chunks) expect(chunk.sections[0]).toMatch(/^File: big\.ts \[modified\]/);
  });

  it("reports a hunk that cannot fit any call instead of dropping it silently", async () => {
    const plan = await pack([diff("huge.ts", hunk(1, 500)), diff("small.ts", hunk(1, 2))], 300);
    expect(plan.chunks.flatMap((c) => c.paths)).toEqual(["small.ts"]);
    expect(plan.notReviewed).toEqual([{ path: "huge.ts", reason: expect.stringMatching(/too large for one model call/) }]);
  });

  it("shows surrounding code when it fits, and drops it before dropping the hunk", async () => {
    const file = diff("a.ts", "@@ -2,0 +2,1 @@\n+  changed();");
    const around = Array.from({ length: 6 }, (_, i) => ({ newLine: i === 0 ? 1 : i + 2, text: `  line ${i} ${"y".repeat(200)}` }));
    const context: FileContext = new Map([[0, { before: around.slice(0, 1), after: around.slice(1) }]]);
    const contexts = new Map([["a.ts", context]]);
    expect((await pack([file], 10_000, { contexts })).chunks[0]?.sections[0]).toContain(":  line 5");
    const tight = await pack([file], 100, { contexts });
    expect(tight.notReviewed).toEqual([]);
    expect(tight.chunks[0]?.sections[0]).not.toContain(":  line");
    expect(tight.chunks[0]?.sections[0]).toContain("2 +  changed();");
  });

  it("stops at the review's total cap in order of importance and names every file left out", async () => {
    const files = Array.from({ length: 10 }, (_, i) => diff(`src/f${i}.ts`, hunk(1, 10)));
    const one = (await pack(files.slice(0, 1), 10_000)).chunks[0]?.tokens ?? 0;
    const plan = await pack(files, 10_000, { totalBudget: one * 3 + 1 });
    expect(plan.chunks.flatMap((c) => c.paths)).toEqual(["src/f0.ts", "src/f1.ts", "src/f2.ts"]);
    expect(plan.notReviewed.map((n) => n.path)).toEqual(files.slice(3).map((f) => f.path));
    expect(plan.notReviewed[0]?.reason).toMatch(/over the review's cap of \d+ tokens of diff \(`max_prompt_tokens`\)/);
  });

  it("counts with the counter it is given", async () => {
    const counted: string[] = [];
    const plan = await pack([diff("a.ts", hunk(1, 3))], 10_000, { countTokens: (text) => (counted.push(text), 7) });
    expect(plan.chunks[0]?.tokens).toBe(7 + 1 + 7);
    expect(counted).toHaveLength(2);
  });
});

describe("packChunks on a big diff", () => {
  it("pauses every 10 files so the server's other work can run while tokens are counted", async () => {
    const files = Array.from({ length: 25 }, (_, i) => diff(`f${i}.ts`, hunk(1, 2)));
    let pauses = 0;
    const plan = await pack(files, 100_000, { pause: async () => void (pauses += 1) });
    expect(pauses).toBe(2);
    expect(plan.chunks.flatMap((c) => c.paths)).toHaveLength(25);
  });
});
