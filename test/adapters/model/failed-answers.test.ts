import { afterEach, describe, expect, it } from "vitest";
import { MIN_SHOWN_ANSWER_TOKENS } from "../../../src/adapters/model/fit-repair-turn.js";
import { createOpenAIReviewModel } from "../../../src/adapters/model/openai-review-model.js";
import { ModelError } from "../../../src/core/errors.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import type { ModelAnswer } from "../../../src/core/ports.js";
import { openAiError, startFakeModel, textCompletion, toolCallCompletion, type FakeModel, type Respond } from "../../helpers/fake-model.js";
import { modelSettingsFor } from "../../helpers/model/model-settings.js";

const finding = { path: "src/cache.ts", line: 10, evidence: "`get` returns undefined on a miss and `!` hides it.", confidence: 0.9, severity: "major", body: "Crashes on a cache miss." };
const messages = { system: "You review code.", user: "Review this diff." };
const serverError = { status: 500, body: openAiError("boom", "server_error", null) };

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface StartOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly promptBudgetTokens?: () => Promise<number>;
}

async function start(respond: Respond, options: StartOptions = {}): Promise<{ fake: FakeModel; review(signal?: AbortSignal): Promise<ModelAnswer> }> {
  const server = await startFakeModel(respond);
  fake = server;
  const model = createOpenAIReviewModel({
    settings: modelSettingsFor(server.baseUrl, options.env),
    ...(options.promptBudgetTokens === undefined ? {} : { promptBudgetTokens: options.promptBudgetTokens }),
  });
  return { fake: server, review: (signal) => model.review(messages, signal) };
}

async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  const error: unknown = await promise.then(
    () => new Error("expected the answer to fail"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof ModelError)) throw error;
  return error;
}

function messageTexts(model: FakeModel, index: number): string[] {
  return (model.chatRequests[index]?.messages ?? []).map((m) => (typeof m["content"] === "string" ? m["content"] : ""));
}

describe("an answer that fails after answered requests carries them", () => {
  it("when the repaired answer is still unusable: both requests, with their tokens", async () => {
    const { review } = await start((_request, index) =>
      index === 0 ? textCompletion("LGTM!", "stop", { promptTokens: 1000, completionTokens: 12 }) : textCompletion("Still fine.", "stop", { promptTokens: 1030, completionTokens: 20 }),
    );
    const error = await rejection(review());
    expect(error.kind).toBe("bad_output");
    expect(error.calls.map((c) => [c.purpose, c.usage])).toEqual([
      ["review", { promptTokens: 1000, completionTokens: 12 }],
      ["repair", { promptTokens: 1030, completionTokens: 20 }],
    ]);
    expect(error.calls.every((c) => c.durationMs > 0)).toBe(true);
  });

  it("when the repair request fails: the first request", async () => {
    const { review } = await start((_request, index) => (index === 0 ? textCompletion("Fine.", "stop", { promptTokens: 900, completionTokens: 5 }) : serverError));
    const error = await rejection(review());
    expect(error.message).toContain("the repair turn failed: the model endpoint failed (HTTP 500): boom");
    expect(error.calls.map((c) => [c.purpose, c.usage])).toEqual([["review", { promptTokens: 900, completionTokens: 5 }]]);
  });

  it("but not when the first request itself fails: nothing was answered", async () => {
    const { review } = await start(() => serverError);
    expect((await rejection(review())).calls).toEqual([]);
  });
});

describe("a repair turn that fails or is cut short keeps the first answer's valid findings", () => {
  const broken = { summary: "S", findings: [finding, { ...finding, line: "ten" }] };

  it("says why the answer was not repaired when the repair request fails", async () => {
    const { review } = await start((_request, index) => (index === 0 ? toolCallCompletion("submit_review", broken) : serverError));
    const answer = await review();
    expect(answer.args).toEqual(broken);
    expect(answer.unrepaired).toBe("the repair turn failed: the model endpoint failed (HTTP 500): boom");
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review"]);
  });

  it("does not end the review on a 400 to the repair turn: the same settings were accepted a moment before", async () => {
    const refused = { status: 400, body: openAiError("This model's maximum context length is 32000 tokens.", "invalid_request_error", null) };
    const { review } = await start((_request, index) => (index === 0 ? toolCallCompletion("submit_review", broken) : refused));
    const answer = await review();
    expect(answer.args).toEqual(broken);
    expect(answer.unrepaired).toMatch(/^the repair turn failed: the model endpoint refused the request \(HTTP 400\): This model's maximum context length/);
  });

  it("keeps them when the signal aborts during the repair turn, and stops the request", async () => {
    const { fake, review } = await start((_request, index) => (index === 0 ? toolCallCompletion("submit_review", broken, { promptTokens: 800, completionTokens: 40 }) : "hang"));
    const controller = new AbortController();
    const pending = review(controller.signal);
    await fake.waitFor((state) => state.hanging === 1, { description: "the repair request in flight" });
    controller.abort(new Error("deadline"));
    const answer = await pending;
    expect(answer.args).toEqual(broken);
    expect(answer.unrepaired).toBe("the repair turn was cut short");
    expect(answer.usage).toEqual({ promptTokens: 800, completionTokens: 40 });
    await fake.waitFor((state) => state.hanging === 0, { description: "the repair request closed" });
  });

  it("fails as aborted, with the first request, when the first answer was unusable", async () => {
    const { fake, review } = await start((_request, index) => (index === 0 ? textCompletion("Fine.", "stop", { promptTokens: 700, completionTokens: 3 }) : "hang"));
    const controller = new AbortController();
    const pending = rejection(review(controller.signal));
    await fake.waitFor((state) => state.hanging === 1, { description: "the repair request in flight" });
    controller.abort(new Error("deadline"));
    const error = await pending;
    expect(error.kind).toBe("aborted");
    expect(error.message).toBe("the model answered without calling submit_review; the repair turn was cut short");
    expect(error.calls.map((c) => c.usage)).toEqual([{ promptTokens: 700, completionTokens: 3 }]);
  });
});

describe("the repair turn fits the prompt budget", () => {
  /** A long call whose second finding breaks the schema: usable in part, worth repairing. */
  const longBroken = { summary: "S", findings: [...Array.from({ length: 40 }, (_, i) => ({ ...finding, line: i + 1 })), { ...finding, line: "ten" }] };
  const longArgs = JSON.stringify(longBroken);

  it("shows the whole answer when it fits", async () => {
    const { fake, review } = await start((_request, index) => toolCallCompletion("submit_review", index === 0 ? longBroken : { summary: "S", findings: [finding] }));
    await review();
    expect(messageTexts(fake, 1)[2]).toBe(`Called submit_review with arguments:\n${longArgs}`);
  });

  it("shows the call's arguments cut to what the budget leaves when the whole answer would overflow it", async () => {
    const budget = 3_000;
    const promptTokens = 1_500;
    const { fake, review } = await start(
      (_request, index) => toolCallCompletion("submit_review", index === 0 ? longBroken : { summary: "S", findings: [finding] }, { promptTokens }),
      { env: { MODEL_PROMPT_BUDGET_TOKENS: String(budget) } },
    );
    expect(estimateTokens(longArgs)).toBeGreaterThan(budget - promptTokens);
    const answer = await review();
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review", "repair"]);

    const [system, user, shown, request] = messageTexts(fake, 1);
    expect([system, user]).toEqual([messages.system, messages.user]);
    const match = /^\(My answer, shortened to its first (\d+) of (\d+) characters:\)\n([\s\S]*) …$/.exec(shown ?? "");
    expect(match?.[2]).toBe(String(longArgs.length));
    expect(match?.[3]).toBe(longArgs.slice(0, Number(match?.[1])));
    expect(Number(match?.[1])).toBeGreaterThan(1_000);
    expect(request).toMatch(/^Your answer could not be used: 1 of the findings did not match the schema/);
    // What the repair turn adds stays within what the first prompt left of the budget.
    const added = [shown ?? "", request ?? ""].reduce((sum, text) => sum + estimateTokens(text) + 8, 0);
    expect(added).toBeLessThanOrEqual(budget - promptTokens);
  });

  it("takes the budget in force (lowered to the server's context) over MODEL_PROMPT_BUDGET_TOKENS", async () => {
    const { fake, review } = await start(
      (_request, index) => toolCallCompletion("submit_review", index === 0 ? longBroken : { summary: "S", findings: [finding] }, { promptTokens: 1_500 }),
      { promptBudgetTokens: () => Promise.resolve(3_000) },
    );
    await review();
    expect(messageTexts(fake, 1)[2]).toMatch(/^\(My answer, shortened to its first \d+ of \d+ characters:\)/);
  });

  it("skips the repair turn, saying why, when the prompt leaves no useful room, and keeps the usable answer", async () => {
    const budget = 3_000;
    const { fake, review } = await start(() => toolCallCompletion("submit_review", longBroken, { promptTokens: budget - MIN_SHOWN_ANSWER_TOKENS }), {
      env: { MODEL_PROMPT_BUDGET_TOKENS: String(budget) },
    });
    const answer = await review();
    expect(fake.chatRequests).toHaveLength(1);
    expect(answer.args).toEqual(longBroken);
    expect(answer.unrepaired).toMatch(/^no repair turn: the prompt \(2936 tokens\) leaves 64 of the 3000-token prompt budget, too little to show the model its answer \(\d+ tokens\) and ask for a correction$/);
  });

  it("fails with the reason and the first request when an unusable answer cannot be repaired within the budget", async () => {
    const { fake, review } = await start(() => textCompletion("No issues.", "stop", { promptTokens: 3_000, completionTokens: 4 }), { env: { MODEL_PROMPT_BUDGET_TOKENS: "3000" } });
    const error = await rejection(review());
    expect(fake.chatRequests).toHaveLength(1);
    expect(error.kind).toBe("bad_output");
    expect(error.message).toMatch(/^the model answered without calling submit_review; no repair turn: the prompt \(3000 tokens\) leaves 0 of the 3000-token prompt budget/);
    expect(error.calls).toHaveLength(1);
  });
});
