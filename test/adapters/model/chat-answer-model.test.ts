import { afterEach, describe, expect, it } from "vitest";
import { createChatAnswerModel, MAX_ANSWER_TOKENS } from "../../../src/adapters/model/chat-answer-model.js";
import { ModelError } from "../../../src/core/errors.js";
import { rateLimited, startFakeModel, textCompletion, type FakeModel, type Respond } from "../../helpers/fake-model.js";
import { modelSettingsFor } from "../../helpers/model/model-settings.js";

const messages = { system: "You answer in threads.", user: "Why is this null?" };

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(respond: Respond, env: Readonly<Record<string, string>> = {}) {
  fake = await startFakeModel(respond);
  const model = createChatAnswerModel({ settings: modelSettingsFor(fake.baseUrl, env), sleep: async () => undefined });
  return { fake, model };
}

describe("createChatAnswerModel", () => {
  it("asks for a plain answer — no tools, the review's sampling, a small output cap — and returns its text and tokens", async () => {
    const { fake, model } = await start(() => textCompletion("Because `get` returns undefined.", "stop", { promptTokens: 120, completionTokens: 9 }));
    const answer = await model.answer(messages);
    expect(answer.text).toBe("Because `get` returns undefined.");
    expect(answer.usage).toEqual({ promptTokens: 120, completionTokens: 9 });
    const request = fake.chatRequests[0];
    expect(request?.tools).toBeUndefined();
    expect(request?.tool_choice).toBeUndefined();
    expect(request?.max_tokens).toBe(MAX_ANSWER_TOKENS);
    expect(request?.temperature).toBe(0.7);
    expect(request?.messages).toEqual([{ role: "system", content: messages.system }, { role: "user", content: messages.user }]);
  });

  it("keeps a smaller configured output cap, and drops a reasoning model's thinking", async () => {
    const { fake, model } = await start(() => textCompletion("<think>hmm</think>\nIt is fine."), { MODEL_MAX_OUTPUT_TOKENS: "500", MODEL_TOP_K: "off" });
    expect((await model.answer(messages)).text).toBe("It is fine.");
    expect(fake.chatRequests[0]?.max_tokens).toBe(500);
    expect(fake.chatRequests[0]?.["top_k"]).toBeUndefined();
  });

  it("fails with bad_output on an empty answer, saying why, and keeps the request's tokens", async () => {
    const { model } = await start(() => textCompletion("", "length", { promptTokens: 50, completionTokens: 2048 }));
    const error: unknown = await model.answer(messages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: "bad_output", message: expect.stringContaining("ran out of output tokens") });
    expect((error as ModelError).calls[0]?.usage).toEqual({ promptTokens: 50, completionTokens: 2048 });
    fake = await startFakeModel(() => textCompletion("   "));
    const empty = createChatAnswerModel({ settings: modelSettingsFor(fake.baseUrl) });
    await expect(empty.answer(messages)).rejects.toThrow("it was empty");
  });

  it("retries a 429 as reviews do", async () => {
    const { fake, model } = await start((_r, index) => (index === 0 ? rateLimited(0) : textCompletion("ok")), { MODEL_MAX_RETRIES: "1" });
    expect((await model.answer(messages)).text).toBe("ok");
    expect(fake.chatRequests).toHaveLength(2);
  });
});
