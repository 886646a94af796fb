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
    expect(settings.server).toMatchObject({ appId: 123, port: 3000, host: "localhost", baseUrl: "https://api.github.com", webhookPath: "/api/github/webhooks" });
  });

  it("accepts NVIDIA_API_KEY and points at GitHub Enterprise Server", () => {
    const settings = readSettings({ ...github, NVIDIA_API_KEY: "nvapi-x", GHE_HOST: "ghe.example.com", GHE_PROTOCOL: "http", PORT: "0" });
    expect(settings.app.model.apiKey).toBe("nvapi-x");
    expect(settings.server.baseUrl).toBe("http://ghe.example.com/api/v3");
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
