import { describe, expect, it } from "vitest";
import { ModelError } from "../../src/core/errors.js";
import type { Logger, ModelAnswer, ModelCall, ReviewModel } from "../../src/core/ports.js";
import { reviewParts, type ReviewPart } from "../../src/core/review-parts.js";

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const parts: ReviewPart[] = ["a", "b"].map((name) => ({ paths: [`${name}.ts`], messages: { system: "s", user: name } }));
const review = (usage: ModelCall["usage"]): ModelCall => ({ purpose: "review", usage, durationMs: 100 });
const repair = (usage: ModelCall["usage"]): ModelCall => ({ purpose: "repair", usage, durationMs: 50 });
const goodFinding = { path: "a.ts", line: 1, severity: "minor", body: "in a" };

function answerOf(calls: readonly ModelCall[], extra: Partial<ModelAnswer> = {}): ModelAnswer {
  return {
    args: { summary: "summary a", findings: [goodFinding] },
    usage: { promptTokens: calls.reduce((s, c) => s + c.usage.promptTokens, 0), completionTokens: calls.reduce((s, c) => s + c.usage.completionTokens, 0) },
    calls,
    ...extra,
  };
}

describe("reviewParts counts the requests of parts that failed", () => {
  it("adds a failed part's answered requests to the usage and model time", async () => {
    const model: ReviewModel = {
      name: "m",
      callLimits: { concurrency: 2, reviewTimeoutMs: 60_000 },
      review: (messages) =>
        messages.user === "a"
          ? Promise.resolve(answerOf([review({ promptTokens: 1000, completionTokens: 50 })]))
          : Promise.reject(
              new ModelError("bad_output", "the model answered without calling submit_review; still after a repair turn: the model answered without calling submit_review", {
                calls: [review({ promptTokens: 900, completionTokens: 10 }), repair({ promptTokens: 950, completionTokens: 12 })],
              }),
            ),
    };
    const result = await reviewParts(parts, { model, log });
    expect(result.failedParts.map((f) => f.paths)).toEqual([["b.ts"]]);
    expect(result.usage).toEqual({ promptTokens: 2850, completionTokens: 72 });
    expect(result.modelTime).toEqual({ calls: 3, durationMs: 250 });
  });

  it("names the repair turn when the deadline cuts it short after an unusable answer, and counts the first request", async () => {
    const model: ReviewModel = {
      name: "m",
      callLimits: { concurrency: 1, reviewTimeoutMs: 30 },
      review: (_messages, signal) =>
        new Promise<ModelAnswer>((_resolve, reject) => {
          signal?.addEventListener("abort", () =>
            reject(new ModelError("aborted", "the repair turn was cut short", { calls: [review({ promptTokens: 700, completionTokens: 3 })] })),
          );
        }),
    };
    const result = await reviewParts(parts.slice(0, 1), { model, log });
    expect(result.failedParts).toEqual([
      {
        paths: ["a.ts"],
        error: "the review's time limit (REVIEW_TIMEOUT_MS, 30 ms) ran out during the repair turn of an unusable answer, and this part was not reviewed",
        timedOut: true,
      },
    ]);
    expect(result.usage).toEqual({ promptTokens: 700, completionTokens: 3 });
  });
});

describe("reviewParts keeps an answer whose repair did not happen in full", () => {
  const args = { summary: "S", findings: [goodFinding, { ...goodFinding, line: "one" }] };

  it("says with each dropped finding why it was not corrected, naming the deadline when it passed", async () => {
    const model: ReviewModel = {
      name: "m",
      callLimits: { concurrency: 1, reviewTimeoutMs: 30 },
      review: (_messages, signal) =>
        new Promise<ModelAnswer>((resolve) => {
          signal?.addEventListener("abort", () => resolve(answerOf([review({ promptTokens: 800, completionTokens: 40 })], { args, unrepaired: "the repair turn was cut short" })));
        }),
    };
    const result = await reviewParts(parts.slice(0, 1), { model, log });
    expect(result.failedParts).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ path: "a.ts", line: 1 })]);
    expect(result.invalidFindings).toEqual([
      "finding 1: line: Invalid input: expected number, received string (not corrected: the repair turn was cut short: the review's time limit (REVIEW_TIMEOUT_MS, 30 ms) ran out)",
    ]);
    expect(result.usage).toEqual({ promptTokens: 800, completionTokens: 40 });
  });

  it("gives the model's reason as it is when the deadline did not pass", async () => {
    const model: ReviewModel = { name: "m", review: () => Promise.resolve(answerOf([], { args, unrepaired: "the repair turn failed: HTTP 500" })) };
    const result = await reviewParts(parts.slice(0, 1), { model, log });
    expect(result.invalidFindings).toEqual(["finding 1: line: Invalid input: expected number, received string (not corrected: the repair turn failed: HTTP 500)"]);
  });
});

describe("reviewParts keeps an answer that stayed incomplete", () => {
  const continuation = (usage: ModelCall["usage"]): ModelCall => ({ purpose: "continuation", usage, durationMs: 70 });

  it("keeps its findings and names the part, with the reason, as incomplete", async () => {
    const calls = [review({ promptTokens: 800, completionTokens: 8192 }), continuation({ promptTokens: 900, completionTokens: 10 })];
    const model: ReviewModel = {
      name: "m",
      review: (messages) => Promise.resolve(messages.user === "a" ? answerOf(calls, { incomplete: "the continuation turn failed: HTTP 500" }) : answerOf([review({ promptTokens: 1, completionTokens: 1 })])),
    };
    const result = await reviewParts(parts, { model, log });
    expect(result.findings).toHaveLength(2);
    expect(result.incompleteParts).toEqual([{ paths: ["a.ts"], reason: "the continuation turn failed: HTTP 500" }]);
    expect(result.failedParts).toEqual([]);
    expect(result.modelTime).toEqual({ calls: 3, durationMs: 270 });
  });

  it("names the deadline when it cut the continuation short", async () => {
    const model: ReviewModel = {
      name: "m",
      callLimits: { concurrency: 1, reviewTimeoutMs: 30 },
      review: (_messages, signal) =>
        new Promise<ModelAnswer>((resolve) => {
          signal?.addEventListener("abort", () => resolve(answerOf([review({ promptTokens: 800, completionTokens: 40 })], { incomplete: "the continuation turn was cut short" })));
        }),
    };
    const result = await reviewParts(parts.slice(0, 1), { model, log });
    expect(result.incompleteParts).toEqual([{ paths: ["a.ts"], reason: "the continuation turn was cut short: the review's time limit (REVIEW_TIMEOUT_MS, 30 ms) ran out" }]);
  });
});
