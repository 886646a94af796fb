import { describe, expect, it } from "vitest";
import { EnvError } from "../../src/config/env.js";
import { hasGitHubCredentials } from "../../src/config/github-env.js";
import { readSettings } from "../../src/config/settings.js";
import { generateTestPrivateKey } from "../helpers/keys.js";

const github = { APP_ID: "123", PRIVATE_KEY: generateTestPrivateKey(), WEBHOOK_SECRET: "s" };

describe("readSettings", () => {
  it("applies the documented defaults", () => {
    const settings = readSettings({ ...github, OPENAI_API_KEY: "k" });
    expect(settings.app.model).toMatchObject({
      baseUrl: "https://integrate.api.nvidia.com/v1",
      apiKey: "k",
      name: "qwen/qwen3-coder-480b-a35b-instruct",
    });
    expect(settings.server).toMatchObject({ appId: 123, port: 3000, host: "localhost", baseUrl: "https://api.github.com", webhookPath: "/api/github/webhooks", webHost: "github.com" });
  });

  it("accepts NVIDIA_API_KEY and points at GitHub Enterprise Server", () => {
    const settings = readSettings({ ...github, NVIDIA_API_KEY: "nvapi-x", GHE_HOST: "ghe.example.com", GHE_PROTOCOL: "http", PORT: "0" });
    expect(settings.app.model.apiKey).toBe("nvapi-x");
    expect(settings.server.baseUrl).toBe("http://ghe.example.com/api/v3");
    // The only host the text we post may link to.
    expect(settings.server.webHost).toBe("ghe.example.com");
    expect(settings.server.port).toBe(0);
  });

  it("names every missing or wrong variable at once", () => {
    let error: unknown;
    try {
      readSettings({ APP_ID: "abc", OPENAI_BASE_URL: "not a url" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = error instanceof Error ? error.message : "";
    expect(message).toMatch(/APP_ID/);
    expect(message).toMatch(/WEBHOOK_SECRET/);
    expect(message).toMatch(/PRIVATE_KEY_PATH/);
    expect(message).toMatch(/OPENAI_BASE_URL must be an http\(s\) URL/);
  });

  it("has the model card's sampling, tool_choice auto, no streaming and a review deadline by default", () => {
    const { model } = readSettings({ ...github, OPENAI_API_KEY: "k" }).app;
    expect(model).toMatchObject({
      toolChoice: "auto",
      sampling: { temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05 },
      stream: false,
      concurrency: 3,
      reviewTimeoutMs: 900_000,
    });
  });

  it("reads the model settings, with off leaving an extra sampling field out", () => {
    const { model } = readSettings({
      ...github,
      OPENAI_API_KEY: "k",
      MODEL_TOOL_CHOICE: "required",
      MODEL_TEMPERATURE: "0",
      MODEL_TOP_P: "1",
      MODEL_TOP_K: "off",
      MODEL_REPETITION_PENALTY: "1.1",
      MODEL_STREAM: "true",
      REVIEW_PART_CONCURRENCY: "8",
      REVIEW_TIMEOUT_MS: "60000",
    }).app;
    expect(model).toMatchObject({ toolChoice: "required", sampling: { temperature: 0, topP: 1, repetitionPenalty: 1.1 }, stream: true, concurrency: 8, reviewTimeoutMs: 60_000 });
    expect(model.sampling).not.toHaveProperty("topK");
  });

  it("names each wrong model setting", () => {
    expect(() =>
      readSettings({ ...github, OPENAI_API_KEY: "k", MODEL_TOOL_CHOICE: "always", MODEL_TOP_K: "many", MODEL_STREAM: "maybe", REVIEW_PART_CONCURRENCY: "0", REVIEW_TIMEOUT_MS: "-1" }),
    ).toThrowError(
      /MODEL_TOOL_CHOICE must be one of auto, required, named[\s\S]*MODEL_TOP_K must be a number in range, or off[\s\S]*MODEL_STREAM must be true or false[\s\S]*REVIEW_PART_CONCURRENCY[\s\S]*REVIEW_TIMEOUT_MS/,
    );
  });

  it("says which key to set when the model key is missing", () => {
    expect(() => readSettings(github)).toThrowError(/set OPENAI_API_KEY \(or NVIDIA_API_KEY/);
  });
});

describe("hasGitHubCredentials", () => {
  it.each([
    [{}, false],
    [{ APP_ID: "1" }, false],
    [{ APP_ID: "1", PRIVATE_KEY_PATH: "key.pem" }, true],
    [{ APP_ID: "1", PRIVATE_KEY: "pem" }, true],
  ])("%j → %s", (env, expected) => expect(hasGitHubCredentials(env)).toBe(expected));
});
