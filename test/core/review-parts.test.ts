import { describe, expect, it } from "vitest";
import { ModelError } from "../../src/core/errors.js";
import type { Logger, ModelAnswer, ModelCallLimits, ReviewModel } from "../../src/core/ports.js";
import { reviewParts, type ReviewPart } from "../../src/core/review-parts.js";

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const parts: ReviewPart[] = ["a", "b", "c", "d", "e"].map((name) => ({ paths: [`${name}.ts`], messages: { system: "s", user: name } }));

function answer(name: string, durationMs = 100): ModelAnswer {
  return {
    args: { summary: `summary ${name}`, findings: [{ path: `${name}.ts`, line: 1, severity: "minor", body: `in ${name}` }] },
    usage: { promptTokens: 10, completionTokens: 2 },
    calls: [{ purpose: "review", usage: { promptTokens: 10, completionTokens: 2 }, durationMs }],
  };
}

interface Call {
  readonly name: string;
  readonly signal: AbortSignal | undefined;
  answer(value: ModelAnswer): void;
  fail(error: unknown): void;
}

/** A model whose calls are settled by the test, one by one, so the order of events is the test's. */
function scriptedModel(callLimits?: ModelCallLimits) {
  const calls: Call[] = [];
  let notify = (): void => undefined;
  const model: ReviewModel = {
    name: "scripted",
    ...(callLimits ? { callLimits } : {}),
    review: (messages, signal) =>
      new Promise<ModelAnswer>((resolve, reject) => {
        signal?.addEventListener("abort", () => reject(new Error(`aborted ${messages.user}`)), { once: true });
        calls.push({ name: messages.user, signal, answer: resolve, fail: reject });
        notify();
      }),
  };
  const inFlight = async (count: number): Promise<void> => {
    while (calls.length < count) await new Promise<void>((resolve) => (notify = resolve));
  };
  const call = (name: string): Call => {
    const found = calls.find((c) => c.name === name);
    if (!found) throw new Error(`no call for ${name}`);
    return found;
  };
  return { model, calls, inFlight, call };
}

describe("reviewParts", () => {
  it("runs at most `concurrency` calls at once, keeps the others' results when one fails, and merges in part order", async () => {
    const scripted = scriptedModel({ concurrency: 2, reviewTimeoutMs: 60_000 });
    const result = reviewParts(parts, { model: scripted.model, log });

    await scripted.inFlight(2);
    expect(scripted.calls.map((c) => c.name)).toEqual(["a", "b"]);
    scripted.call("b").answer(answer("b"));
    await scripted.inFlight(3);
    expect(scripted.calls.map((c) => c.name)).toEqual(["a", "b", "c"]);
    scripted.call("c").fail(new ModelError("unavailable", "the model endpoint failed (HTTP 500)"));
    await scripted.inFlight(4);
    scripted.call("d").answer(answer("d", 250));
    await scripted.inFlight(5);
    scripted.call("e").answer(answer("e"));
    scripted.call("a").answer(answer("a"));

    const merged = await result;
    expect(merged.summaries).toEqual(["summary a", "summary b", "summary d", "summary e"]);
    expect(merged.findings.map((f) => f.path)).toEqual(["a.ts", "b.ts", "d.ts", "e.ts"]);
    expect(merged.failedParts).toEqual([{ paths: ["c.ts"], error: "the model endpoint failed (HTTP 500)" }]);
    expect(merged.usage).toEqual({ promptTokens: 40, completionTokens: 8 });
    expect(merged.modelTime).toEqual({ calls: 4, durationMs: 550 });
  });

  it("keeps what is done when the review deadline passes, and names the deadline for the parts not done", async () => {
    const scripted = scriptedModel({ concurrency: 2, reviewTimeoutMs: 50 });
    const result = reviewParts(parts.slice(0, 3), { model: scripted.model, log });
    await scripted.inFlight(2);
    scripted.call("a").answer(answer("a"));
    await scripted.inFlight(3);
    // b and c never answer: the deadline aborts their calls.
    const merged = await result;
    expect(merged.summaries).toEqual(["summary a"]);
    expect(merged.failedParts.map((f) => f.paths)).toEqual([["b.ts"], ["c.ts"]]);
    expect(merged.failedParts[0]?.error).toMatch(/^the review's time limit \(REVIEW_TIMEOUT_MS, 50 ms\) ran out before this part was reviewed$/);
    expect(scripted.call("b").signal?.aborted).toBe(true);
  });

  it("stops every call and throws on a configuration error, which would fail every part the same way", async () => {
    const scripted = scriptedModel({ concurrency: 2, reviewTimeoutMs: 60_000 });
    const result = reviewParts(parts, { model: scripted.model, log });
    await scripted.inFlight(2);
    const rejected = new ModelError("auth", "the model endpoint rejected the API key (HTTP 401)");
    scripted.call("a").fail(rejected);
    await expect(result).rejects.toBe(rejected);
    expect(scripted.call("b").signal?.aborted).toBe(true);
    expect(scripted.calls).toHaveLength(2);
  });

  it("throws when the review itself is cancelled", async () => {
    const scripted = scriptedModel({ concurrency: 3, reviewTimeoutMs: 60_000 });
    const controller = new AbortController();
    const result = reviewParts(parts, { model: scripted.model, log }, controller.signal);
    await scripted.inFlight(3);
    controller.abort();
    await expect(result).rejects.toThrow(/^aborted /);
    expect(scripted.calls.every((c) => c.signal?.aborted)).toBe(true);
  });

  it("runs one call at a time, without a deadline, for a model that sets no limits", async () => {
    const scripted = scriptedModel();
    const result = reviewParts(parts.slice(0, 2), { model: scripted.model, log });
    await scripted.inFlight(1);
    expect(scripted.calls).toHaveLength(1);
    scripted.call("a").answer({ args: { summary: "a", findings: [] }, usage: { promptTokens: 1, completionTokens: 1 } });
    await scripted.inFlight(2);
    scripted.call("b").answer({ args: { summary: "b", findings: [] }, usage: { promptTokens: 1, completionTokens: 1 } });
    expect((await result).modelTime).toEqual({ calls: 2, durationMs: 0 });
  });
});
