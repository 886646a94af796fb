import { afterEach, describe, expect, it } from "vitest";
import { fetchModelContextLength, modelContextLengthSource } from "../../../src/adapters/model/model-limits.js";
import { startFakeModel, textCompletion, type FakeModel, type StartFakeModelOptions } from "../../helpers/fake-model.js";

const MODEL = "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8";
let model: FakeModel | undefined;

async function serve(options: StartFakeModelOptions): Promise<FakeModel> {
  model = await startFakeModel(() => textCompletion("x"), options);
  return model;
}

afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe("fetchModelContextLength", () => {
  it("reads vLLM's max_model_len for the configured model", async () => {
    const server = await serve({ models: [{ id: "other", max_model_len: 4096 }, { id: MODEL, max_model_len: 131_072 }] });
    expect(await fetchModelContextLength({ baseUrl: server.baseUrl, apiKey: "k", model: MODEL })).toEqual({ known: true, tokens: 131_072 });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
  });

  it("says why when the server reports no length or does not list the model", async () => {
    const server = await serve({ models: [{ id: MODEL }] });
    expect(await fetchModelContextLength({ baseUrl: server.baseUrl, apiKey: "k", model: MODEL })).toEqual({
      known: false, reason: "the server does not report max_model_len", transient: false,
    });
    expect(await fetchModelContextLength({ baseUrl: server.baseUrl, apiKey: "k", model: "nope" })).toEqual({
      known: false, reason: "the server does not list model nope", transient: false,
    });
  });

  it("reports a failed request as transient, and the source asks again until it has an answer", async () => {
    const server = await serve({ apiKey: "right", models: [{ id: MODEL, max_model_len: 32_000 }] });
    const refused = await fetchModelContextLength({ baseUrl: server.baseUrl, apiKey: "wrong", model: MODEL });
    expect(refused).toMatchObject({ known: false, transient: true, reason: expect.stringMatching(/^GET \/models failed: .*401/) });

    const source = modelContextLengthSource({ baseUrl: server.baseUrl, apiKey: "right", model: MODEL });
    expect(await source()).toEqual({ known: true, tokens: 32_000 });
    expect(await source()).toEqual({ known: true, tokens: 32_000 });
    expect(server.requests.filter((r) => r.headers["authorization"] === "Bearer right")).toHaveLength(1);
  });
});
