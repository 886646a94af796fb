import { describe, expect, it } from "vitest";
import { parseCostEnv } from "../../src/config/cost-env.js";
import { capRepoConfig, DEFAULT_REPO_CONFIG_CAPS } from "../../src/core/config/config-caps.js";
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from "../../src/core/config/repo-config.js";

describe("server caps on costly repository config values", () => {
  it("lowers a value the repository asked for above a cap, and says so once per value with the variable to change", () => {
    const { config } = parseRepoConfig({ max_prompt_tokens: 2_000_000, max_files: 2000, max_comments: 50 });
    const capped = capRepoConfig(config, { maxPromptTokens: 500_000, maxFiles: 100 });
    expect(capped.config).toEqual({ ...config, max_prompt_tokens: 500_000, max_files: 100 });
    expect(capped.notes).toEqual([
      "`max_prompt_tokens: 2000000` is above this server's limit, so 500000 was used (`MAX_PROMPT_TOKENS_CAP`, set by the operator).",
      "`max_files: 2000` is above this server's limit, so 100 was used (`MAX_FILES_CAP`, set by the operator).",
    ]);
  });

  it("keeps values at or below the caps as they are, with nothing to say", () => {
    const { config } = parseRepoConfig({ max_prompt_tokens: 500_000, max_files: 20 });
    expect(capRepoConfig(config, { maxPromptTokens: 500_000, maxFiles: 100 })).toEqual({ config, notes: [] });
  });

  it("lowers a default above a cap the operator set below it without a note: the repository asked for nothing", () => {
    const capped = capRepoConfig(DEFAULT_REPO_CONFIG, { maxPromptTokens: 100_000, maxFiles: 50 });
    expect(capped.config.max_prompt_tokens).toBe(100_000);
    expect(capped.config.max_files).toBe(50);
    expect(capped.notes).toEqual([]);
  });

  it("lets a repository lower max_prompt_tokens but not raise it past the default unless the operator raises the cap", () => {
    expect(DEFAULT_REPO_CONFIG_CAPS.maxPromptTokens).toBe(DEFAULT_REPO_CONFIG.max_prompt_tokens);
    const { config } = parseRepoConfig({ max_prompt_tokens: 600_000 });
    expect(capRepoConfig(config, DEFAULT_REPO_CONFIG_CAPS).config.max_prompt_tokens).toBe(DEFAULT_REPO_CONFIG.max_prompt_tokens);
  });

  it("gives a repository no key for the endpoint, the model, keys or server limits: such keys are unknown and the defaults apply", () => {
    const result = parseRepoConfig({
      openai_base_url: "https://attacker.example/v1",
      base_url: "https://attacker.example/v1",
      model: "gpt-4",
      api_key: "sk-x",
      max_prompt_tokens_cap: 10_000_000,
      installation_daily_token_budget: 10_000_000,
      review_timeout_ms: 1,
    });
    expect(result.config).toEqual(DEFAULT_REPO_CONFIG);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^the file: unknown keys `openai_base_url`, `base_url`, `model`, `api_key`, `max_prompt_tokens_cap`, `installation_daily_token_budget`, `review_timeout_ms`/);
  });
});

describe("cost settings (environment)", () => {
  it("defaults: caps at the config's defaults and GitHub's file limit, no token budget, 30 commands per person per hour", () => {
    expect(parseCostEnv({})).toEqual({ problems: [], settings: { configCaps: { maxPromptTokens: 400_000, maxFiles: 3000 }, personHourlyCommands: 30 } });
  });

  it("reads the variables; `unlimited` turns a budget off", () => {
    expect(
      parseCostEnv({ MAX_PROMPT_TOKENS_CAP: "1000000", MAX_FILES_CAP: "50", INSTALLATION_DAILY_TOKEN_BUDGET: "2000000", PERSON_HOURLY_COMMAND_LIMIT: "unlimited" }).settings,
    ).toEqual({ configCaps: { maxPromptTokens: 1_000_000, maxFiles: 50 }, installationDailyTokens: 2_000_000 });
    expect(parseCostEnv({ INSTALLATION_DAILY_TOKEN_BUDGET: "unlimited", PERSON_HOURLY_COMMAND_LIMIT: " " }).settings).toEqual({
      configCaps: { maxPromptTokens: 400_000, maxFiles: 3000 },
      personHourlyCommands: 30,
    });
  });

  it("names each wrong variable", () => {
    const { problems, settings } = parseCostEnv({ MAX_PROMPT_TOKENS_CAP: "10", MAX_FILES_CAP: "5000", INSTALLATION_DAILY_TOKEN_BUDGET: "lots", PERSON_HOURLY_COMMAND_LIMIT: "0" });
    expect(settings).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(/^MAX_PROMPT_TOKENS_CAP: /),
      expect.stringMatching(/^MAX_FILES_CAP: /),
      "INSTALLATION_DAILY_TOKEN_BUDGET: INSTALLATION_DAILY_TOKEN_BUDGET must be a positive whole number, or unlimited",
      "PERSON_HOURLY_COMMAND_LIMIT: PERSON_HOURLY_COMMAND_LIMIT must be a positive whole number, or unlimited",
    ]);
  });
});
