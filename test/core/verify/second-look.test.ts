import { describe, expect, it } from "vitest";
import { ModelError } from "../../../src/core/errors.js";
import type { Logger, ModelAnswer, ReviewModel } from "../../../src/core/ports.js";
import type { PromptMessages } from "../../../src/core/prompt/render-prompt.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { secondLook, type SecondLookInput } from "../../../src/core/verify/second-look.js";
import { numberedLines } from "../../helpers/git-patch.js";
import { placed } from "./support.js";

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pullRequest = { owner: "o", repo: "r", number: 7, title: "Cache lookups", body: "", headSha: "a".repeat(40), baseSha: "b".repeat(40) };
const miss = placed({ line: 10, severity: "major", title: "Crash on a cache miss" });
const assignment = placed({ line: 21, severity: "critical", title: "Assignment in a condition" });
const nit = placed({ line: 3, severity: "minor", title: "Name the constant" });

function input(overrides: Partial<SecondLookInput> = {}): SecondLookInput {
  return {
    candidates: [miss, assignment, nit],
    threshold: "major",
    texts: new Map([["src/cache.ts", numberedLines(30)]]),
    diffs: new Map(),
    pullRequest,
    promptBudgetTokens: 20_000,
    reservedTokens: 500,
    ...overrides,
  };
}

function answer(args: unknown, extra: Partial<ModelAnswer> = {}): ModelAnswer {
  return { args, usage: { promptTokens: 100, completionTokens: 10 }, calls: [{ purpose: "review", usage: { promptTokens: 100, completionTokens: 10 }, durationMs: 5 }], ...extra };
}

function modelAnswering(reply: (messages: PromptMessages) => ModelAnswer | Promise<ModelAnswer>): ReviewModel & { readonly seen: PromptMessages[] } {
  const seen: PromptMessages[] = [];
  return {
    name: "scripted",
    seen,
    review: async (messages) => {
      seen.push(messages);
      return reply(messages);
    },
  };
}

const ports = (model: ReviewModel) => ({ model, log, countTokens: estimateTokens, readTexts: () => Promise.resolve(new Map<string, string>()) });

describe("secondLook", () => {
  it("checks the findings at or above the threshold, and withdraws those the model does not confirm", async () => {
    const model = modelAnswering(() => answer({ summary: "F1 is guarded on line 9.", findings: [{ path: "src/cache.ts", line: 21, severity: "critical", title: "F2: Assignment in a condition", body: "…", evidence: "line 21" }] }));
    const look = await secondLook(input(), ports(model));

    expect(model.seen).toHaveLength(1);
    expect(model.seen[0]?.user).toContain("F1 · src/cache.ts:10 · major · Crash on a cache miss");
    expect(model.seen[0]?.user).toContain("F2 · src/cache.ts:21 · critical · Assignment in a condition");
    expect(model.seen[0]?.user).not.toContain("Name the constant");
    expect([...look.withdrawn]).toEqual([miss.fingerprint]);
    expect(look.report).toEqual({ threshold: "major", confirmed: 1, withdrawn: 1, unverified: 0 });
    expect(look.calls).toHaveLength(1);
  });

  it("withdraws everything on an empty list: the model confirmed nothing", async () => {
    const look = await secondLook(input(), ports(modelAnswering(() => answer({ summary: "Both are wrong.", findings: [] }))));
    expect(look.withdrawn.size).toBe(2);
    expect(look.report).toMatchObject({ confirmed: 0, withdrawn: 2, unverified: 0 });
  });

  it.each([
    ["the call fails", () => Promise.reject(new ModelError("unavailable", "the model endpoint failed (HTTP 503)")), "the second look failed: the model endpoint failed (HTTP 503)"],
    ["the answer has no findings list", () => answer({ summary: "Looks fine." }), "the second look failed: its answer carried no list of confirmed findings"],
    ["the answer stayed incomplete", () => answer({ summary: "", findings: [] }, { incomplete: "the answer reached the output limit" }), "the second look failed: its answer stayed incomplete (the answer reached the output limit)"],
    ["the answer names none of the findings", () => answer({ summary: "", findings: [{ path: "src/other.ts", line: 1, title: "New" }] }), "the second look failed: its answer listed 1 finding but named none of those it was given"],
  ])("withdraws nothing when %s, and says why", async (_name, reply, problem) => {
    const look = await secondLook(input(), ports(modelAnswering(reply)));
    expect(look.withdrawn.size).toBe(0);
    expect(look.report).toEqual({ threshold: "major", confirmed: 0, withdrawn: 0, unverified: 2, problem });
  });

  it("does nothing when it is off or no finding is severe enough", async () => {
    const model = modelAnswering(() => answer({ summary: "", findings: [] }));
    expect(await secondLook(input({ threshold: "off" }), ports(model))).toEqual({ withdrawn: new Set(), calls: [], toolCalls: [] });
    expect((await secondLook(input({ threshold: "critical", candidates: [miss, nit] }), ports(model))).report).toBeUndefined();
    expect(model.seen).toEqual([]);
  });

  it("reads the files it lacks, and leaves unverified what it cannot show", async () => {
    const store = placed({ path: "src/store.ts", line: 2, severity: "major", title: "Magic number" });
    const gone = placed({ path: "src/gone.ts", line: 1, severity: "major", title: "Dangling import" });
    const asked: string[][] = [];
    const model = modelAnswering(() => answer({ summary: "", findings: [{ path: "src/store.ts", line: 2, title: "F1: Magic number" }] }));
    const look = await secondLook(input({ candidates: [store, gone], texts: new Map() }), {
      ...ports(model),
      readTexts: (paths) => {
        asked.push([...paths]);
        return Promise.resolve(new Map([["src/store.ts", "export const limit = 42;\n"]]));
      },
    });
    expect(asked).toEqual([["src/store.ts", "src/gone.ts"]]);
    expect(look.report).toEqual({ threshold: "major", confirmed: 1, withdrawn: 0, unverified: 1, problem: "1 finding not checked: its file could not be read at the head commit" });
  });

  it("leaves everything unverified once the review's deadline has passed, and ends with the review's own abort", async () => {
    const model = modelAnswering(() => answer({ summary: "", findings: [] }));
    const look = await secondLook(input(), { ...ports(model), deadline: AbortSignal.abort(new Error("time")) });
    expect(model.seen).toEqual([]);
    expect(look.report).toMatchObject({ confirmed: 0, withdrawn: 0, unverified: 2, problem: "the second look failed: the review's time limit ran out before it" });

    const stop = new AbortController();
    const aborting = modelAnswering(() => {
      stop.abort(new Error("superseded"));
      return answer({ summary: "", findings: [] });
    });
    await expect(secondLook(input(), ports(aborting), stop.signal)).rejects.toThrow("superseded");
  });
});
