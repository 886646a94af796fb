import { APIUserAbortError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIReviewModel } from "../../../src/adapters/model/openai-review-model.js";
import { abortableSleep, type Sleep } from "../../../src/adapters/model/retry.js";
import { ModelError } from "../../../src/core/errors.js";
import { REVIEW_TOOL } from "../../../src/core/findings/review-tool.js";
import type { ModelAnswer } from "../../../src/core/ports.js";
import {
  openAiError, qwenToolCallXml, rateLimited, startFakeModel, textCompletion, toolCallCompletion, toolCallsCompletion,
  type FakeModel, type Respond,
} from "../../helpers/fake-model.js";
import { modelSettingsFor } from "../../helpers/model/model-settings.js";

const finding = { path: "src/cache.ts", line: 10, evidence: "`get` returns undefined on a miss and `!` hides it.", confidence: 0.9, severity: "major", body: "Crashes on a cache miss." };
const review = { summary: "Adds a cache.", findings: [finding] };
const messages = { system: "You review code.", user: "Review this diff." };

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Started {
  readonly fake: FakeModel;
  review(signal?: AbortSignal): Promise<ModelAnswer>;
  /** The waits the retries asked for, in ms; the waits themselves take no time. */
  readonly waits: number[];
}

interface StartOptions {
  /** Retries really wait (abortably); `onSleep` is told when a wait starts. */
  readonly realSleep?: { readonly onSleep: () => void };
  readonly streamPieceChars?: number;
}

async function start(respond: Respond, env: Readonly<Record<string, string>> = {}, options: StartOptions = {}): Promise<Started> {
  const server = await startFakeModel(respond, options.streamPieceChars === undefined ? {} : { streamPieceChars: options.streamPieceChars });
  fake = server;
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    waits.push(ms);
    if (options.realSleep === undefined) return;
    options.realSleep.onSleep();
    await abortableSleep(ms, signal);
  };
  const model = createOpenAIReviewModel({ settings: modelSettingsFor(server.baseUrl, env), sleep });
  return { fake: server, waits, review: (signal) => model.review(messages, signal) };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

function userTexts(model: FakeModel, index: number): string[] {
  return (model.chatRequests[index]?.messages ?? []).map((m) => `${m.role}: ${typeof m["content"] === "string" ? m["content"] : ""}`);
}

describe("the request", () => {
  it("sends the model card's sampling, max_tokens, the schema's tool and tool_choice auto, without streaming", async () => {
    const { fake, review: call } = await start(() => toolCallCompletion("submit_review", review, { promptTokens: 1200, completionTokens: 80 }));
    const answer = await call();

    expect(answer.args).toEqual(review);
    expect(answer.usage).toEqual({ promptTokens: 1200, completionTokens: 80 });
    expect(answer.calls).toEqual([{ purpose: "review", usage: { promptTokens: 1200, completionTokens: 80 }, durationMs: expect.any(Number) }]);
    expect(fake.chatRequests).toHaveLength(1);
    const request = fake.chatRequests[0];
    expect(request).toMatchObject({
      model: "qwen/qwen3-coder-480b-a35b-instruct",
      messages: [{ role: "system", content: messages.system }, { role: "user", content: messages.user }],
      tool_choice: "auto",
      max_tokens: 8192,
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      repetition_penalty: 1.05,
    });
    expect(request?.stream).toBe(false);
    expect(request?.tools).toEqual([{ type: "function", function: { name: "submit_review", description: REVIEW_TOOL.description, parameters: REVIEW_TOOL.parameters } }]);
  });

  it("takes sampling and tool choice from the environment, and leaves out fields set to off", async () => {
    const { fake, review: call } = await start(() => toolCallCompletion("submit_review", review), {
      MODEL_TEMPERATURE: "0.2",
      MODEL_TOP_P: "0.95",
      MODEL_TOP_K: "off",
      MODEL_REPETITION_PENALTY: "off",
      MODEL_MAX_OUTPUT_TOKENS: "2048",
      MODEL_TOOL_CHOICE: "named",
    });
    await call();
    const request = fake.chatRequests[0];
    expect(request).toMatchObject({ temperature: 0.2, top_p: 0.95, max_tokens: 2048, tool_choice: { type: "function", function: { name: "submit_review" } } });
    expect(request).not.toHaveProperty("top_k");
    expect(request).not.toHaveProperty("repetition_penalty");
  });

  it("sends tool_choice required when asked", async () => {
    const { fake, review: call } = await start(() => toolCallCompletion("submit_review", review), { MODEL_TOOL_CHOICE: "required" });
    await call();
    expect(fake.chatRequests[0]?.tool_choice).toBe("required");
  });
});

describe("reading the answer", () => {
  it.each([
    ["Qwen's XML call in content", textCompletion(qwenToolCallXml("submit_review", review))],
    ["XML without the opening <tool_call>, after prose", textCompletion(qwenToolCallXml("submit_review", review, { withoutOpeningTag: true, preamble: "I found one problem." }))],
    ["findings as a JSON string inside tool_calls", toolCallCompletion("submit_review", { summary: review.summary, findings: JSON.stringify(review.findings) })],
    ["findings as a Python literal in the XML", textCompletion(qwenToolCallXml("submit_review", { summary: review.summary, findings: "[{'path': 'src/cache.ts', 'line': 10, 'evidence': \"`get` returns undefined on a miss and `!` hides it.\", 'confidence': 0.9, 'severity': 'major', 'body': 'Crashes on a cache miss.'}]" }))],
  ])("reads %s in one call", async (_name, completion) => {
    const { fake, review: call } = await start(() => completion);
    const answer = await call();
    expect(answer.args).toEqual(review);
    expect(fake.chatRequests).toHaveLength(1);
  });

  it("takes the submit_review call when the model also calls something else", async () => {
    const { review: call } = await start(() => toolCallsCompletion([{ name: "think", args: { thought: "hm" } }, { name: "submit_review", args: review }]));
    expect((await call()).args).toEqual(review);
  });
});

describe("the repair turn", () => {
  it("shows the model its plain-text answer and the reason, and uses the corrected call", async () => {
    const { fake, review: call } = await start((_request, index) =>
      index === 0 ? textCompletion("The change looks fine, but line 10 may crash.", "stop", { promptTokens: 1000, completionTokens: 12 }) : toolCallCompletion("submit_review", review, { promptTokens: 1030, completionTokens: 70 }),
    );
    const answer = await call();

    expect(answer.args).toEqual(review);
    expect(answer.usage).toEqual({ promptTokens: 2030, completionTokens: 82 });
    expect(answer.calls?.map((c) => c.purpose)).toEqual(["review", "repair"]);
    const repair = userTexts(fake, 1);
    expect(repair.slice(0, 2)).toEqual([`system: ${messages.system}`, `user: ${messages.user}`]);
    expect(repair[2]).toBe("assistant: The change looks fine, but line 10 may crash.");
    expect(repair[3]).toMatch(/^user: Your answer could not be used: the model answered without calling submit_review\n\nCall the submit_review tool again, exactly once/);
    expect(fake.chatRequests[1]).toMatchObject({ tool_choice: "auto", max_tokens: 8192, tools: [{ type: "function" }] });
  });

  it("repairs a call whose findings break the schema, quoting the zod error and the broken arguments", async () => {
    const broken = { summary: "S", findings: [finding, { ...finding, line: "ten" }] };
    const fixed = { summary: "S", findings: [finding, { ...finding, line: 11 }] };
    const { fake, review: call } = await start((_request, index) => toolCallCompletion("submit_review", index === 0 ? broken : fixed));
    expect((await call()).args).toEqual(fixed);
    const repair = userTexts(fake, 1);
    expect(repair[2]).toBe(`assistant: Called submit_review with arguments:\n${JSON.stringify(broken)}`);
    expect(repair[3]).toContain("1 of the findings did not match the schema (findings[1]: line: Invalid input: expected number, received string)");
  });

  it("keeps the first answer's valid findings when the repair is no better, and reports the rest through validation", async () => {
    const broken = { summary: "S", findings: [finding, { ...finding, body: "" }] };
    const { fake, review: call } = await start((_request, index) => (index === 0 ? toolCallCompletion("submit_review", broken) : textCompletion("Sorry.")));
    const answer = await call();
    expect(answer.args).toEqual(broken);
    expect(fake.chatRequests).toHaveLength(2);
  });

  it("fails with both reasons when the repaired answer is still unusable", async () => {
    const { fake, review: call } = await start(() => textCompletion("LGTM!"));
    const error = await failure(call());
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: "bad_output" });
    expect(String(error)).toContain("the model answered without calling submit_review; still after a repair turn: the model answered without calling submit_review");
    expect(fake.chatRequests).toHaveLength(2);
  });

  it("keeps the first answer's valid findings when the repair call itself fails, and fails plainly when there are none", async () => {
    const broken = { summary: "S", findings: [finding, { ...finding, line: -1 }] };
    const serverError = { status: 500, body: openAiError("boom", "server_error", null) };
    const kept = await start((_request, index) => (index === 0 ? toolCallCompletion("submit_review", broken) : serverError));
    expect((await kept.review()).args).toEqual(broken);
    await kept.fake.close();

    const lost = await start((_request, index) => (index === 0 ? textCompletion("Fine.") : serverError));
    await expect(lost.review()).rejects.toThrow(
      "the model answered without calling submit_review; the repair turn failed: the model endpoint failed (HTTP 500): boom",
    );
  });

  it("names the tool-choice setting when the server reports a tool call but sends none", async () => {
    const emptyCall = textCompletion("", "tool_calls");
    const { review: call } = await start(() => emptyCall, { MODEL_TOOL_CHOICE: "required" });
    await expect(call()).rejects.toThrow(/reported a tool call but sent none; MODEL_TOOL_CHOICE=auto avoids this/);
  });
});

describe("retries", () => {
  it("waits what retry-after says on a 429, then succeeds", async () => {
    const { fake, waits, review: call } = await start((_request, index) => (index === 0 ? rateLimited(7) : toolCallCompletion("submit_review", review)), { MODEL_MAX_RETRIES: "3" });
    expect((await call()).args).toEqual(review);
    expect(waits).toEqual([7000]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("prefers retry-after-ms, and backs off exponentially on 500s without one", async () => {
    const { fake, waits, review: call } = await start(
      (_request, index) =>
        index === 0
          ? { status: 429, headers: { "retry-after-ms": "250", "retry-after": "9" }, body: openAiError("slow down", "rate_limit_exceeded", null) }
          : index < 3
            ? { status: 500, body: openAiError("boom", "server_error", null) }
            : toolCallCompletion("submit_review", review),
      { MODEL_MAX_RETRIES: "3" },
    );
    expect((await call()).args).toEqual(review);
    expect(waits[0]).toBe(250);
    // 0.5 s then 1 s, less up to 25 % jitter.
    expect(waits[1]).toBeGreaterThanOrEqual(750);
    expect(waits[1]).toBeLessThanOrEqual(1000);
    expect(waits[2]).toBeGreaterThanOrEqual(1500);
    expect(waits[2]).toBeLessThanOrEqual(2000);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 500, 500, 200]);
  });

  it("gives up after MODEL_MAX_RETRIES retries and says so", async () => {
    const { fake, review: call } = await start(() => ({ status: 503, body: openAiError("overloaded", "server_error", null) }), { MODEL_MAX_RETRIES: "2" });
    const error = await failure(call());
    expect(error).toMatchObject({ kind: "unavailable" });
    expect(String(error)).toMatch(/the model endpoint failed \(HTTP 503\): overloaded \(gave up after 2 retries\)/);
    expect(fake.chatRequests).toHaveLength(3);
  });

  it("does not wait for a retry-after longer than two minutes", async () => {
    const { fake, waits, review: call } = await start(() => rateLimited(3600), { MODEL_MAX_RETRIES: "3" });
    await expect(call()).rejects.toThrow(/answered 429 \(rate limited\): Too Many Requests; the server asked to wait 3600 s before retrying/);
    expect(waits).toEqual([]);
    expect(fake.chatRequests).toHaveLength(1);
  });

  it.each([
    [400, "bad_request", /refused the request \(HTTP 400\)/],
    [401, "auth", /rejected the API key \(HTTP 401\)/],
    [404, "not_found", /model "qwen\/qwen3-coder-480b-a35b-instruct" not found at http:\/\/127\.0\.0\.1:\d+\/v1 \(HTTP 404\)/],
  ])("does not retry a %i, a configuration error", async (status, kind, message) => {
    const { fake, waits, review: call } = await start(() => ({ status, body: openAiError("nope", "invalid_request_error", null) }), { MODEL_MAX_RETRIES: "3" });
    const error = await failure(call());
    expect(error).toMatchObject({ kind, isConfigurationError: true });
    expect(String(error)).toMatch(message);
    expect(waits).toEqual([]);
    expect(fake.chatRequests).toHaveLength(1);
  });
});

describe("deadlines and cancellation", () => {
  it("gives up on a call that hangs after MODEL_TIMEOUT_MS, and the request is closed", async () => {
    const { fake, review: call } = await start(() => "hang", { MODEL_TIMEOUT_MS: "150" });
    const error = await failure(call());
    expect(error).toMatchObject({ kind: "timeout", message: "the model did not answer within 150 ms (MODEL_TIMEOUT_MS)" });
    await fake.waitFor((state) => state.requests[0]?.status === "aborted", { description: "the request closed" });
  });

  it("also times out a body that stalls after the headers, which the SDK's own timeout does not cover", async () => {
    const { fake, review: call } = await start(() => ({ stall: { completion: toolCallCompletion("submit_review", review), afterChunks: 0 } }), { MODEL_TIMEOUT_MS: "150" });
    await expect(call()).rejects.toMatchObject({ kind: "timeout" });
    await fake.waitFor((state) => state.hanging === 0, { description: "the request closed" });
  });

  it("retries a timed-out call", async () => {
    const { fake, review: call } = await start((_request, index) => (index === 0 ? "hang" : toolCallCompletion("submit_review", review)), { MODEL_TIMEOUT_MS: "150", MODEL_MAX_RETRIES: "1" });
    expect((await call()).args).toEqual(review);
    expect(fake.chatRequests).toHaveLength(2);
  });

  it("stops the HTTP request at once when the review is cancelled mid-call", async () => {
    const { fake, review: call } = await start(() => "hang", { MODEL_MAX_RETRIES: "3" });
    const controller = new AbortController();
    const pending = failure(call(controller.signal));
    await fake.waitFor((state) => state.hanging === 1, { description: "the call in flight" });
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    await fake.waitFor((state) => state.hanging === 0, { description: "the request closed" });
    expect(fake.chatRequests).toHaveLength(1);
  });

  it("stops waiting out a retry-after when the review is cancelled", async () => {
    let sleeping = (): void => undefined;
    const waiting = new Promise<void>((resolve) => (sleeping = resolve));
    const { fake, waits, review: call } = await start(() => rateLimited(60), { MODEL_MAX_RETRIES: "3" }, { realSleep: { onSleep: () => sleeping() } });
    const controller = new AbortController();
    const pending = failure(call(controller.signal));
    await waiting;
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(waits).toEqual([60_000]);
    expect(fake.chatRequests).toHaveLength(1);
  });
});

describe("streaming (MODEL_STREAM=true)", () => {
  it.each([
    ["a tool call", toolCallCompletion("submit_review", review, { content: "Found one.", promptTokens: 900, completionTokens: 60 })],
    ["Qwen's XML in content", textCompletion(qwenToolCallXml("submit_review", review, { withoutOpeningTag: true }), "stop", { promptTokens: 900, completionTokens: 60 })],
  ])("gives the same answer and usage as without streaming, for %s", async (_name, completion) => {
    const streamed = await start(() => completion, { MODEL_STREAM: "true" }, { streamPieceChars: 5 });
    const streamedAnswer = await streamed.review();
    expect(streamed.fake.chatRequests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    await streamed.fake.close();

    const plain = await start(() => completion);
    const plainAnswer = await plain.review();
    expect(streamedAnswer.args).toEqual(review);
    expect({ args: streamedAnswer.args, usage: streamedAnswer.usage }).toEqual({ args: plainAnswer.args, usage: plainAnswer.usage });
  });

  it("runs the repair turn over streams too", async () => {
    const { fake, review: call } = await start((_request, index) => (index === 0 ? textCompletion("No issues.") : toolCallCompletion("submit_review", review)), { MODEL_STREAM: "true" });
    expect((await call()).args).toEqual(review);
    expect(fake.chatRequests.map((r) => r.stream)).toEqual([true, true]);
  });

  it("times out a stream that stalls part-way", async () => {
    const { fake, review: call } = await start(() => ({ stall: { completion: toolCallCompletion("submit_review", review), afterChunks: 4 } }), { MODEL_STREAM: "true", MODEL_TIMEOUT_MS: "150" });
    await expect(call()).rejects.toMatchObject({ kind: "timeout" });
    await fake.waitFor((state) => state.hanging === 0, { description: "the stream closed" });
  });
});
