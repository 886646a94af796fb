import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import type { FileDiff } from "../../../src/core/diff/types.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { planVerification, WINDOW_LINES, type PlanVerificationInput } from "../../../src/core/verify/plan-verification.js";
import { VERIFY_SYSTEM_PROMPT } from "../../../src/core/verify/verification-prompt.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";
import { placed } from "./support.js";

const pullRequest = { owner: "o", repo: "r", number: 7, title: "Cache lookups", body: "", headSha: "a".repeat(40), baseSha: "b".repeat(40) };
const cacheAfter = numberedLines(30, (n) => (n === 10 ? "return cache.get(key)!;" : `line ${n}`));
const cacheDiff: FileDiff = toFileDiff({ path: "src/cache.ts", status: "modified", patch: gitPatch(numberedLines(30), cacheAfter), additions: 1, deletions: 1 });
const storeText = "export const store = new Map();\nexport const limit = 42;\n";

function input(overrides: Partial<PlanVerificationInput> = {}): PlanVerificationInput {
  return {
    findings: [placed({ path: "src/store.ts", line: 2, title: "Magic number" }), placed({ line: 10, title: "Crash on a cache miss" })],
    texts: new Map([["src/cache.ts", cacheAfter], ["src/store.ts", storeText]]),
    toolsOffered: false,
    diffs: new Map([["src/cache.ts", cacheDiff]]),
    pullRequest,
    systemPrompt: VERIFY_SYSTEM_PROMPT,
    promptBudgetTokens: 20_000,
    reservedTokens: 500,
    countTokens: estimateTokens,
    maxCalls: 4,
    ...overrides,
  };
}

function callTokens(plan: ReturnType<typeof planVerification>, index: number, reserved: number): number {
  const messages = plan.calls[index]?.messages;
  return estimateTokens(messages?.system ?? "") + estimateTokens(messages?.user ?? "") + reserved;
}

describe("planVerification", () => {
  it("numbers the findings in file and line order and shows each file whole, the lines the change adds marked", () => {
    const plan = planVerification(input());
    expect(plan.unchecked).toEqual([]);
    expect(plan.calls).toHaveLength(1);
    expect(plan.calls[0]?.findings.map((f) => `${f.id} ${f.placed.path}:${f.placed.line}`)).toEqual(["F1 src/cache.ts:10", "F2 src/store.ts:2"]);
    const user = plan.calls[0]?.messages.user ?? "";
    expect(plan.calls[0]?.messages.system).toBe(VERIFY_SYSTEM_PROMPT);
    expect(user).toContain("F1 · src/cache.ts:10 · major · Crash on a cache miss\nExplanation: Crash on a cache miss, explained.");
    expect(user).toContain("File: src/cache.ts (30 lines)");
    expect(user).toContain("+ 10 | return cache.get(key)!;");
    expect(user).toContain("   9 | line 9");
    expect(user).toContain("File: src/store.ts (2 lines)\n   1 | export const store = new Map();");
    expect(user).toMatch(/Check each finding above \(F1, F2\) and call submit_review with only the ones you confirm\.$/);
    expect(callTokens(plan, 0, 500)).toBeLessThanOrEqual(20_000);
  });

  it("shows only the lines around a finding when its whole file does not fit, within the budget", () => {
    const big = numberedLines(2_000);
    const plan = planVerification(input({ findings: [placed({ path: "src/big.ts", line: 1_000, title: "Off by one" })], texts: new Map([["src/big.ts", big]]), promptBudgetTokens: 6_000 }));
    const user = plan.calls[0]?.messages.user ?? "";
    expect(user).toContain("File: src/big.ts (2000 lines; only the parts around the findings are shown)\n⋮\n");
    expect(user).toContain(` ${1_000 - WINDOW_LINES} | line ${1_000 - WINDOW_LINES}`);
    expect(user).not.toContain(` ${1_000 - WINDOW_LINES - 1} | line`);
    expect(user).toContain(` ${1_000 + WINDOW_LINES} | line ${1_000 + WINDOW_LINES}\n⋮`);
    expect(callTokens(plan, 0, 500)).toBeLessThanOrEqual(6_000);
  });

  it("leaves a finding unchecked when its file cannot be read and the model cannot read it either", () => {
    const texts = new Map([["src/cache.ts", cacheAfter]]);
    const plan = planVerification(input({ texts }));
    expect(plan.unchecked.map((u) => [u.finding.placed.path, u.reason])).toEqual([["src/store.ts", "its file could not be read at the head commit"]]);
    const withTools = planVerification(input({ texts, toolsOffered: true }));
    expect(withTools.unchecked).toEqual([]);
    expect(withTools.calls[0]?.findings).toHaveLength(2);
  });

  it("packs files into several calls within the budget, at most maxCalls, and leaves the rest unchecked", () => {
    const files = Array.from({ length: 5 }, (_, i) => `src/f${i}.ts`);
    const text = numberedLines(300);
    const plan = planVerification(
      input({
        findings: files.map((path) => placed({ path, line: 5, title: `Problem in ${path}` })),
        texts: new Map(files.map((path) => [path, text])),
        promptBudgetTokens: 3_000,
        maxCalls: 3,
      }),
    );
    expect(plan.calls.length).toBe(3);
    expect(plan.unchecked.length).toBeGreaterThan(0);
    plan.calls.forEach((_, index) => expect(callTokens(plan, index, 500)).toBeLessThanOrEqual(3_000));
    expect(plan.calls.flatMap((call) => call.findings.map((f) => f.placed.path))).toEqual(files.slice(0, plan.calls.flatMap((c) => c.findings).length));
    expect(plan.unchecked.map((u) => u.reason)).toEqual(plan.unchecked.map(() => "the second look takes at most 3 calls"));
    expect(plan.unchecked.length + plan.calls.flatMap((c) => c.findings).length).toBe(5);
  });
});
