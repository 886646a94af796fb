import OpenAI, { APIConnectionError, APIUserAbortError, APIConnectionTimeoutError, AuthenticationError, InternalServerError, RateLimitError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  openAiError, qwenToolCallXml, rateLimited, startFakeModel, textCompletion, toolCallCompletion, type FakeModel, type Respond,
} from "./fake-model.js";

let model: FakeModel | undefined;

afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function start(respond: Respond, options: Parameters<typeof startFakeModel>[1] = {}): Promise<{ fake: FakeModel; client: OpenAI }> {
  const fake = await startFakeModel(respond, options);
  model = fake;
  return { fake, client: new OpenAI({ baseURL: fake.baseUrl, apiKey: "test-key", maxRetries: 0 }) };
}

const messages = [{ role: "user" as const, content: "review this" }];
const tools = [{ type: "function" as const, function: { name: "submit_review", parameters: { type: "object", properties: {} } } }];

describe("chat completions", () => {
  it("returns a tool call the SDK parses, and records the request", async () => {
    const findings = [{ path: "src/a.ts", line: 12, message: "off by one" }];
    const { fake, client } = await start((request, index) => toolCallCompletion("submit_review", { summary: `call ${index} for ${request.model}`, findings }));

    const completion = await client.chat.completions.create({ model: "qwen/qwen3-coder-480b-a35b-instruct", messages, tools, temperature: 0.7 });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("no function call");
    expect(call.function.name).toBe("submit_review");
    expect(JSON.parse(call.function.arguments)).toEqual({ summary: "call 0 for qwen/qwen3-coder-480b-a35b-instruct", findings });
    expect(completion.usage?.total_tokens).toBeGreaterThan(completion.usage?.prompt_tokens ?? 0);

    expect(fake.chatRequests).toMatchObject([{ model: "qwen/qwen3-coder-480b-a35b-instruct", messages, temperature: 0.7, tools: [{ type: "function" }] }]);
    expect(fake.requests[0]?.headers["authorization"]).toBe("Bearer test-key");
  });

  it("returns Qwen3-Coder's XML tool call as plain content", async () => {
    const xml = qwenToolCallXml("submit_review", { summary: "Looks fine.\n<b>no escaping</b>", findings: [] }, { preamble: "Here is my review." });
    const { client } = await start(() => textCompletion(xml));
    const completion = await client.chat.completions.create({ model: "m", messages });
    expect(completion.choices[0]).toMatchObject({ finish_reason: "stop", message: { content: xml } });
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(xml).toBe(
      "Here is my review.\n<tool_call>\n<function=submit_review>\n<parameter=summary>\nLooks fine.\n<b>no escaping</b>\n</parameter>\n<parameter=findings>\n[]\n</parameter>\n</function>\n</tool_call>",
    );
  });

  it("counts calls and lets respond() answer asynchronously", async () => {
    const { client } = await start(async (_request, index) => textCompletion(`answer ${index}`));
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push((await client.chat.completions.create({ model: "m", messages })).choices[0]?.message.content);
    expect(answers).toEqual(["answer 0", "answer 1", "answer 2"]);
  });
});

describe("errors surface as the SDK's typed errors", () => {
  it("429 with retry-after → RateLimitError", async () => {
    const { client } = await start(() => rateLimited(7));
    const error = await client.chat.completions.create({ model: "m", messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    if (!(error instanceof RateLimitError)) return;
    expect(error.status).toBe(429);
    expect(error.headers.get("retry-after")).toBe("7");
  });

  it("401 from respond() → AuthenticationError; 500 → InternalServerError", async () => {
    const { client } = await start((_request, index) =>
      index === 0
        ? { status: 401, body: openAiError("Authentication failed: credits exhausted", "invalid_request_error", "invalid_api_key") }
        : { status: 500, body: openAiError("boom", "server_error", null) },
    );
    await expect(client.chat.completions.create({ model: "m", messages })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client.chat.completions.create({ model: "m", messages })).rejects.toBeInstanceOf(InternalServerError);
  });

  it("refuses a request without a bearer token, or with the wrong one, before respond()", async () => {
    const { fake } = await start(() => textCompletion("never"), { apiKey: "right-key" });
    const anonymous = await fetch(`${fake.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages }) });
    expect(anonymous.status).toBe(401);
    const wrong = new OpenAI({ baseURL: fake.baseUrl, apiKey: "wrong-key", maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: "m", messages })).rejects.toBeInstanceOf(AuthenticationError);
    expect(fake.chatRequests).toEqual([]);
  });

  it("answers 500 when respond() throws, and remembers why", async () => {
    const { fake, client } = await start(() => {
      throw new Error("no scripted answer for this prompt");
    });
    await expect(client.chat.completions.create({ model: "m", messages })).rejects.toBeInstanceOf(InternalServerError);
    expect(fake.respondErrors).toEqual(["no scripted answer for this prompt"]);
  });
});

describe("streaming", () => {
  const args = { summary: "Adds a cache.\nTwo lines, \"quoted\".", findings: [{ path: "src/a.ts", line: 12, severity: "major", body: "Null access." }] };

  it("streams a tool call that the SDK's stream helper assembles into the same completion", async () => {
    const reply = toolCallCompletion("submit_review", args, { content: "Reviewing.", promptTokens: 321, completionTokens: 45 });
    const { fake, client } = await start(() => reply);
    const stream = client.chat.completions.stream({ model: "m", messages, tools, stream: true, stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();

    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBe("Reviewing.");
    const call = choice?.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("no function call");
    expect(call).toMatchObject({ id: reply.choices[0]?.message.tool_calls?.[0]?.id, function: { name: "submit_review" } });
    expect(JSON.parse(call.function.arguments)).toEqual(args);
    expect(completion.usage).toEqual({ prompt_tokens: 321, completion_tokens: 45, total_tokens: 366 });
    expect(fake.chatRequests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("writes OpenAI's event stream: role first, the call opened once, then argument deltas, the finish reason and [DONE]", async () => {
    const { fake } = await start(() => toolCallCompletion("submit_review", args), { streamPieceChars: 10 });
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages, stream: true }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await response.text()).split("\n\n").filter((e) => e !== "");
    expect(events.every((e) => e.startsWith("data: "))).toBe(true);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice("data: ".length)) as { choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: unknown });
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const deltas = chunks.flatMap((c) => c.choices.map((choice) => choice.delta["tool_calls"])).filter((d) => d !== undefined) as Array<Array<{ index: number; id?: string; function: { name?: string; arguments: string } }>>;
    expect(deltas[0]?.[0]).toMatchObject({ index: 0, type: "function", function: { name: "submit_review", arguments: "" } });
    expect(deltas.slice(1).every((d) => d[0]?.id === undefined && d[0]?.function.name === undefined && (d[0]?.function.arguments.length ?? 0) <= 10)).toBe(true);
    expect(deltas.map((d) => d[0]?.function.arguments).join("")).toBe(JSON.stringify(args));
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: "tool_calls" });
  });

  it("streams Qwen3-Coder's XML left in content, and answers errors as JSON before any event", async () => {
    const xml = qwenToolCallXml("submit_review", args, { withoutOpeningTag: true });
    const { client } = await start((_request, index) => (index === 0 ? textCompletion(xml) : rateLimited(3)));
    const completion = await client.chat.completions.stream({ model: "m", messages, stream: true }).finalChatCompletion();
    expect(completion.choices[0]).toMatchObject({ finish_reason: "stop", message: { content: xml } });
    await expect(client.chat.completions.stream({ model: "m", messages, stream: true }).finalChatCompletion()).rejects.toBeInstanceOf(RateLimitError);
  });

  it("stalls a stream after some chunks until the client gives up", async () => {
    const { fake, client } = await start(() => ({ stall: { completion: toolCallCompletion("submit_review", args), afterChunks: 3 } }));
    const controller = new AbortController();
    const stream = client.chat.completions.stream({ model: "m", messages, stream: true }, { signal: controller.signal });
    const seen: unknown[] = [];
    stream.on("chunk", (chunk) => {
      seen.push(chunk);
      if (seen.length === 3) controller.abort();
    });
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
    await fake.waitFor((state) => state.requests.some((r) => r.status === "aborted"), { description: "the abort" });
    expect(seen).toHaveLength(3);
  });
});

describe("hanging", () => {
  it("sends the headers of a non-streaming answer and then stalls, when told to", async () => {
    const { fake } = await start(() => ({ stall: { completion: textCompletion("x"), afterChunks: 0 } }));
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages }),
      signal: AbortSignal.timeout(2_000),
    });
    expect(response.status).toBe(200);
    expect(fake.hanging).toBe(1);
    await response.body?.cancel();
    await fake.waitFor((state) => state.hanging === 0, { description: "the stalled request closed" });
  });

  it("holds the request until the client times out, and records the abort", async () => {
    const { fake } = await start(() => "hang");
    const client = new OpenAI({ baseURL: fake.baseUrl, apiKey: "k", maxRetries: 0, timeout: 100 });
    await expect(client.chat.completions.create({ model: "m", messages })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await fake.waitFor((state) => state.requests.some((request) => request.status === "aborted"), { description: "the abort" });
    expect(fake.hanging).toBe(0);
  });

  it("ends hanging requests on close()", async () => {
    const { fake, client } = await start(() => "hang");
    const pending = client.chat.completions.create({ model: "m", messages });
    await fake.waitFor((state) => state.hanging === 1, { description: "one hanging request" });
    await fake.close();
    await expect(pending).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("waitFor rejects with a useful message on timeout", async () => {
    const { fake } = await start(() => textCompletion("x"));
    await expect(fake.waitFor((state) => state.chatRequests.length > 0, { timeoutMs: 30, description: "a chat request" })).rejects.toThrow(
      "waitFor timed out after 30 ms waiting for: a chat request\nRecorded model requests: (none)",
    );
  });
});

describe("models", () => {
  it("lists models, with vLLM's max_model_len when configured", async () => {
    const { client } = await start(() => textCompletion("x"), { models: [{ id: "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", owned_by: "vllm", max_model_len: 131_072 }] });
    const page = await client.models.list();
    expect(page.data).toEqual([{ id: "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", object: "model", created: 1_700_000_000, owned_by: "vllm", max_model_len: 131_072 }]);
  });
});
