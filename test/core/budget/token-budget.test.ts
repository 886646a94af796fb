import { describe, expect, it } from "vitest";
import { budgetOwner, chargeChatTokens, chargeTokens, spentTokenBudget } from "../../../src/core/budget/token-budget.js";
import type { Admission, RollingWindow } from "../../../src/core/budget/rolling-window.js";
import { ModelError } from "../../../src/core/errors.js";
import type { Logger, ModelAnswer, ModelTools, ReviewModel, ToolReply, ToolRequest } from "../../../src/core/ports.js";

const messages = { system: "s", user: "u" };

function recordingLedger(check: Admission = { allowed: true, used: 0 }): RollingWindow & { added: Array<[string, number]>; failAdd: Error | undefined } {
  const ledger = {
    added: [] as Array<[string, number]>,
    failAdd: undefined as Error | undefined,
    async add(key: string, amount: number) {
      if (ledger.failAdd !== undefined) throw ledger.failAdd;
      ledger.added.push([key, amount]);
    },
    async check() {
      return check;
    },
    async tryAdd() {
      return check;
    },
  };
  return ledger;
}

function recordingLog(): Logger & { errors: Array<[object, string]> } {
  const errors: Array<[object, string]> = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (details, message) => errors.push([details, message]) };
}

const answer: ModelAnswer = {
  args: { summary: "s", findings: [] },
  usage: { promptTokens: 1200, completionTokens: 300 },
  calls: [
    { purpose: "review", usage: { promptTokens: 1000, completionTokens: 200 }, durationMs: 5 },
    { purpose: "repair", usage: { promptTokens: 200, completionTokens: 100 }, durationMs: 5 },
  ],
};

function model(review: ReviewModel["review"]): ReviewModel {
  return { name: "m", callLimits: { concurrency: 2, reviewTimeoutMs: 1000 }, review };
}

describe("whose budget a review spends", () => {
  it("is the installation's when the job has one, else the repository's (the Action, the command line), case-insensitively", () => {
    expect(budgetOwner({ installationId: 42, owner: "Octo", repo: "W" })).toEqual({ kind: "installation", key: "installation:42" });
    expect(budgetOwner({ owner: "Octo-Org", repo: "Widgets" })).toEqual({ kind: "repository", key: "repository:octo-org/widgets" });
    // The Action has no installation: its jobs carry 0, and are counted per repository.
    expect(budgetOwner({ installationId: 0, owner: "Octo", repo: "W" })).toEqual({ kind: "repository", key: "repository:octo/w" });
  });
});

describe("the token budget", () => {
  it("is not spent while the ledger admits one more token", async () => {
    const ledger = recordingLedger({ allowed: true, used: 999 });
    expect(await spentTokenBudget({ dailyTokens: 1000, ledger }, budgetOwner({ installationId: 1, owner: "o", repo: "r" }))).toBeUndefined();
  });

  it("is spent when it does not, with what was used and when it frees up", async () => {
    const ledger = recordingLedger({ allowed: false, used: 1500, freesAt: 86_460_000 });
    const owner = budgetOwner({ installationId: 1, owner: "o", repo: "r" });
    expect(await spentTokenBudget({ dailyTokens: 1000, ledger }, owner)).toEqual({ owner, limit: 1000, used: 1500, freesAt: 86_460_000 });
  });
});

describe("charging the model's tokens", () => {
  const owner = budgetOwner({ installationId: 7, owner: "o", repo: "r" });

  it("charges every answer's prompt and completion tokens, repair turns included, and passes the answer and the limits through", async () => {
    const ledger = recordingLedger();
    const charged = chargeTokens(model(async () => answer), ledger, owner, recordingLog());
    expect(charged.callLimits).toEqual({ concurrency: 2, reviewTimeoutMs: 1000 });
    expect(charged.name).toBe("m");
    expect(await charged.review(messages)).toBe(answer);
    expect(ledger.added).toEqual([["installation:7", 1500]]);
  });

  it("hands the signal and the repository tools to the model it wraps: a budget must not turn the tools off", async () => {
    const refuse = (request: ToolRequest): ToolReply => ({ tool: request.name, text: "no", tokens: 1, outcome: "refused" });
    const tools: ModelTools = {
      definitions: [], maxRounds: 1, maxResultTokens: 1_000, maxCallsPerRound: 1, countTokens: () => 1, refuse, serve: async (request) => refuse(request),
    };
    const signal = new AbortController().signal;
    const seen: unknown[] = [];
    const charged = chargeTokens(model(async (...args) => {
      seen.push(...args.slice(1));
      return answer;
    }), recordingLedger(), owner, recordingLog());
    await charged.review(messages, signal, tools);
    expect(seen[0]).toBe(signal);
    expect(seen[1]).toBe(tools);
  });

  it("charges the requests a failed answer had already been served, and rethrows its error", async () => {
    const ledger = recordingLedger();
    const failure = new ModelError("bad_output", "unusable", { calls: [{ purpose: "review", usage: { promptTokens: 800, completionTokens: 50 }, durationMs: 1 }] });
    const charged = chargeTokens(model(async () => Promise.reject(failure)), ledger, owner, recordingLog());
    await expect(charged.review(messages)).rejects.toBe(failure);
    expect(ledger.added).toEqual([["installation:7", 850]]);
  });

  it("charges nothing for a call that was never answered", async () => {
    const ledger = recordingLedger();
    const charged = chargeTokens({ name: "m", review: async () => Promise.reject(new Error("connection refused")) }, ledger, owner, recordingLog());
    await expect(charged.review(messages)).rejects.toThrow("connection refused");
    expect(charged.callLimits).toBeUndefined();
    expect(ledger.added).toEqual([]);
  });

  it("logs a ledger that cannot be written and still returns the answer: the tokens are spent either way", async () => {
    const ledger = recordingLedger();
    ledger.failAdd = new Error("Redis is down");
    const log = recordingLog();
    expect(await chargeTokens(model(async () => answer), ledger, owner, log).review(messages)).toBe(answer);
    expect(log.errors).toEqual([[expect.objectContaining({ budget: "installation:7", tokens: 1500, reason: "Redis is down" }), "could not charge model tokens to the budget"]]);
  });
});

describe("chargeChatTokens", () => {
  const owner = budgetOwner({ installationId: 7, owner: "o", repo: "r" });
  const chatAnswer = { text: "Because.", usage: { promptTokens: 300, completionTokens: 20 }, durationMs: 5 };

  it("charges an answer's tokens to the owner and passes the answer through", async () => {
    const ledger = recordingLedger();
    const charged = chargeChatTokens({ name: "chat", answer: async () => chatAnswer }, ledger, owner, recordingLog());
    expect(charged.name).toBe("chat");
    expect(await charged.answer(messages)).toBe(chatAnswer);
    expect(ledger.added).toEqual([["installation:7", 320]]);
  });

  it("charges what a failed answer was served, and rethrows its error", async () => {
    const ledger = recordingLedger();
    const failure = new ModelError("bad_output", "empty", { calls: [{ purpose: "review", usage: { promptTokens: 200, completionTokens: 0 }, durationMs: 1 }] });
    const charged = chargeChatTokens({ name: "chat", answer: async () => Promise.reject(failure) }, ledger, owner, recordingLog());
    await expect(charged.answer(messages)).rejects.toBe(failure);
    expect(ledger.added).toEqual([["installation:7", 200]]);
  });
});

