import { afterEach, describe, expect, it } from "vitest";
import { MAX_CONTINUATIONS } from "../../../src/adapters/model/continue-cut-answer.js";
import { CUT_SIGNS } from "../../../src/adapters/model/extract-tool-args.js";
import { createOpenAIReviewModel } from "../../../src/adapters/model/openai-review-model.js";
import { ModelError } from "../../../src/core/errors.js";
import type { ModelAnswer } from "../../../src/core/ports.js";
import { openAiError, qwenToolCallXml, startFakeModel, textCompletion, toolCallCompletion, type FakeModel, type FinishReason, type Respond } from "../../helpers/fake-model.js";
import { modelSettingsFor } from "../../helpers/model/model-settings.js";

const first = { path: "src/cache.ts", line: 10, evidence: "`get` returns undefined on a miss.", confidence: 0.9, severity: "major", title: "Crash on a cache miss", body: "`cache.get(key)!` hides a miss." };
const second = { path: "src/cache.ts", line: 21, evidence: "`entry = null` assigns.", confidence: 0.95, severity: "critical", title: "Assignment in a condition", body: "`if (entry = null)` is always false and clears `entry`." };
const third = { path: "src/store.ts", line: 4, evidence: "No await.", confidence: 0.8, severity: "minor", title: "Floating promise", body: "`save()` is not awaited." };
const messages = { system: "You review code.", user: "Review this diff." };
const whole = { summary: "Adds a cache.", findings: [first, second] };
/** The arguments cut inside the second finding's body, as a server cuts them at max_tokens. */
const cutInSecond = JSON.stringify(whole).slice(0, JSON.stringify(whole).indexOf("is always false"));
const serverError = { status: 500, body: openAiError("boom", "server_error", null) };

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(respond: Respond, env: Readonly<Record<string, string>> = {}): Promise<{ fake: FakeModel; review(signal?: AbortSignal): Promise<ModelAnswer> }> {
  const server = await startFakeModel(respond);
  fake = server;
  const model = createOpenAIReviewModel({ settings: modelSettingsFor(server.baseUrl, env) });
  return { fake: server, review: (signal) => model.review(messages, signal) };
}

function cutCall(argumentsText: string, finishReason: FinishReason = "length"): ReturnType<typeof toolCallCompletion> {
  return toolCallCompletion("submit_review", null, { argumentsText, finishReason, promptTokens: 1000 });
}

function texts(model: FakeModel, index: number): string[] {
  return (model.chatRequests[index]?.messages ?? []).map((m) => `${m.role}: ${typeof m["content"] === "string" ? m["content"] : JSON.stringify(m)}`);
}

describe("a submit_review call cut off mid-JSON", () => {
  it.each([
    ["by max_tokens (finish_reason length)", "length", CUT_SIGNS.length],
    ["by the server without saying so (finish_reason stop)", "stop", CUT_SIGNS.json],
  ] as const)("cut %s: keeps the whole finding, asks for the rest listing what arrived, and merges", async (_name, finishReason, sign) => {
    const { fake, review } = await start((_request, index) => (index === 0 ? cutCall(cutInSecond, finishReason) : toolCallCompletion("submit_review", { summary: "", findings: [second] })));
    const answer = await review();

    expect(answer.args).toEqual(whole);
    expect(answer.incomplete).toBeUndefined();
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review", "continuation"]);
    const [system, user, assistant, request] = texts(fake, 1);
    expect([system, user]).toEqual([`system: ${messages.system}`, `user: ${messages.user}`]);
    expect(assistant).toBe("assistant: I called submit_review, but my call was cut off before its end.");
    expect(request).toContain(`user: Your submit_review call was cut off before its end: ${sign}. What arrived:\n- the summary;\n- 1 complete finding, kept:\n- \`src/cache.ts:10\` (major) Crash on a cache miss`);
    expect(request).toContain("The finding you were writing when the cut came was lost.");
    expect(request).toContain("with only what did not arrive: the findings you have not submitted yet. Do not repeat the findings listed above. Pass an empty summary: yours arrived whole.");
    // The cut answer is not replayed: no tool_calls in the history for the server to parse.
    expect(fake.chatRequests[1]?.messages.some((m) => "tool_calls" in m)).toBe(false);
  });

  it("is read the same way over a stream (MODEL_STREAM=true)", async () => {
    const { fake, review } = await start((_request, index) => (index === 0 ? cutCall(cutInSecond) : toolCallCompletion("submit_review", { summary: "", findings: [second] })), { MODEL_STREAM: "true" });
    const answer = await review();
    expect(fake.chatRequests.map((r) => r.stream)).toEqual([true, true]);
    expect(answer.args).toEqual(whole);
    expect(texts(fake, 1)[3]).toContain(`cut off before its end: ${CUT_SIGNS.length}.`);
  });

  it("reads a cut Qwen XML call the same way", async () => {
    const xml = qwenToolCallXml("submit_review", whole);
    const cut = xml.slice(0, xml.indexOf("is always false"));
    const { fake, review } = await start((_request, index) => (index === 0 ? textCompletion(cut, "length") : textCompletion(qwenToolCallXml("submit_review", { summary: "", findings: [second] }))));
    const answer = await review();
    expect(answer.args).toEqual(whole);
    expect(texts(fake, 1)[3]).toContain("- `src/cache.ts:10` (major) Crash on a cache miss");
  });

  it("drops what the model sends again and keeps what is new", async () => {
    const { review } = await start((_request, index) =>
      index === 0 ? cutCall(cutInSecond) : toolCallCompletion("submit_review", { summary: "", findings: [{ ...first, title: "CRASH on a cache miss!" }, second, third] }),
    );
    expect((await review()).args).toEqual({ summary: "Adds a cache.", findings: [first, second, third] });
  });

  it("takes the summary from the continuation when the cut came in the summary, and asks for it", async () => {
    const { fake, review } = await start((_request, index) => (index === 0 ? cutCall('{"summary": "Adds a ca') : toolCallCompletion("submit_review", { summary: "Adds a cache.", findings: [first] })));
    const answer = await review();
    expect(answer.args).toEqual({ summary: "Adds a cache.", findings: [first] });
    const request = texts(fake, 1)[3] ?? "";
    expect(request).toContain("- the summary (cut off);\n- 0 complete findings.");
    expect(request).toContain("Write your summary again, in at most three sentences: it was cut off.");
  });

  it("asks again when the continuation is cut off too but brought a new finding, up to the bound", async () => {
    const continued = JSON.stringify({ summary: "", findings: [second, third] });
    const { fake, review } = await start((_request, index) =>
      index === 0 ? cutCall(cutInSecond) : index === 1 ? cutCall(continued.slice(0, continued.indexOf("Floating"))) : toolCallCompletion("submit_review", { summary: "", findings: [third] }),
    );
    const answer = await review();
    expect(answer.args).toEqual({ summary: "Adds a cache.", findings: [first, second, third] });
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review", "continuation", "continuation"]);
    expect(texts(fake, 2)[3]).toContain("- 2 complete findings, kept:\n- `src/cache.ts:10` (major) Crash on a cache miss\n- `src/cache.ts:21` (critical) Assignment in a condition");
  });

  it("asks for the findings that could not be used, corrected, and counts them no more once the rest came whole", async () => {
    const broken = { summary: "S", findings: [{ ...first, line: "ten" }, second] };
    const cut = JSON.stringify(broken).slice(0, JSON.stringify(broken).indexOf("is always false"));
    const { fake, review } = await start((_request, index) => (index === 0 ? cutCall(cut) : toolCallCompletion("submit_review", { summary: "", findings: [first, second] })));
    const answer = await review();
    expect(answer.args).toEqual({ summary: "S", findings: [first, second] });
    expect(texts(fake, 1)[3]).toContain("1 finding could not be used (findings[0]: line: Invalid input: expected number, received string).");
    expect(texts(fake, 1)[3]).toContain("the findings you have not submitted yet, and the ones that could not be used, corrected.");
  });
});

describe("a cut-off answer whose rest cannot be had stays incomplete, saying why", () => {
  it.each([
    ["the continuation request fails", () => serverError, /^the answer reached the output limit \(max_tokens\); the continuation turn failed: the model endpoint failed \(HTTP 500\): boom$/],
    ["the continuation is refused (400)", () => ({ status: 400, body: openAiError("too long", "invalid_request_error", null) }), /; the continuation turn failed: the model endpoint refused the request \(HTTP 400\): too long/],
    ["the continuation answers in plain text", () => textCompletion("Nothing more."), /; the continuation answer could not be used: the model answered without calling submit_review$/],
    ["the continuation is cut off again before a new finding is whole", () => cutCall('{"summary": "", "findings": [{"path": "src/cache.ts", "li'), /; the continuation was cut off too \(the answer reached the output limit \(max_tokens\)\) before a new finding arrived whole$/],
  ])("when %s: the whole findings are kept", async (_name, continuation, reason) => {
    const { review } = await start((_request, index) => (index === 0 ? cutCall(cutInSecond) : continuation()));
    const answer = await review();
    expect(answer.args).toEqual({ summary: "Adds a cache.", findings: [first] });
    expect(answer.incomplete).toMatch(reason);
  });

  it(`after ${MAX_CONTINUATIONS} continuations that are each cut off again`, async () => {
    let line = 100;
    const { fake, review } = await start((_request, index) => {
      line += 1;
      const next = { ...third, line, title: `Finding ${index}` };
      return cutCall(JSON.stringify({ summary: index === 0 ? "S" : "", findings: [next, next] }).slice(0, -40));
    });
    const answer = await review();
    expect(fake.chatRequests).toHaveLength(1 + MAX_CONTINUATIONS);
    expect(answer.incomplete).toBe(`${CUT_SIGNS.length}; still cut off after ${MAX_CONTINUATIONS} continuation turns`);
    expect((answer.args as { findings: unknown[] }).findings).toHaveLength(1 + MAX_CONTINUATIONS);
  });

  it("when the prompt leaves no room for a continuation: no request, and the reason", async () => {
    const { fake, review } = await start(() => cutCall(cutInSecond), { MODEL_PROMPT_BUDGET_TOKENS: "1000" });
    const answer = await review();
    expect(fake.chatRequests).toHaveLength(1);
    expect(answer.incomplete).toBe(`${CUT_SIGNS.length}; no continuation turn: the prompt (1000 tokens) leaves 0 of the 1000-token prompt budget, too little to ask for the rest`);
  });

  it("when the review's signal stops the continuation", async () => {
    const { fake, review } = await start((_request, index) => (index === 0 ? cutCall(cutInSecond) : "hang"));
    const controller = new AbortController();
    const pending = review(controller.signal);
    await fake.waitFor((state) => state.hanging === 1, { description: "the continuation in flight" });
    controller.abort(new Error("deadline"));
    const answer = await pending;
    expect(answer.incomplete).toBe(`${CUT_SIGNS.length}; the continuation turn was cut short`);
    expect(answer.args).toEqual({ summary: "Adds a cache.", findings: [first] });
  });

  it("but a key that stops working ends the answer, with the requests made", async () => {
    const { review } = await start((_request, index) => (index === 0 ? cutCall(cutInSecond) : { status: 401, body: openAiError("bad key", "invalid_request_error", "invalid_api_key") }));
    const error: unknown = await review().then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: "auth" });
    expect((error as ModelError).calls.map((c) => c.purpose)).toEqual(["review"]);
  });
});

describe("a corrected call that is cut off in its repair turn", () => {
  it("is completed like a first answer", async () => {
    const { fake, review } = await start((_request, index) =>
      index === 0 ? textCompletion("Two bugs.") : index === 1 ? cutCall(cutInSecond) : toolCallCompletion("submit_review", { summary: "", findings: [second] }),
    );
    const answer = await review();
    expect(answer.args).toEqual(whole);
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review", "repair", "continuation"]);
    // The continuation follows the first prompt, not the repair turn's replay of the plain-text answer.
    expect(fake.chatRequests[2]?.messages).toHaveLength(4);
  });
});
