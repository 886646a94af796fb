import { describe, expect, it } from "vitest";
import { promptBudget, TEMPLATE_MARGIN_TOKENS } from "../../../src/core/plan/prompt-budget.js";

describe("promptBudget", () => {
  it("keeps the configured budget when the server reports no context length", () => {
    expect(promptBudget({ configuredTokens: 48_000, serverContextTokens: undefined, maxOutputTokens: 8192 })).toBe(48_000);
  });

  it("keeps the configured budget when the server has room for it and the answer", () => {
    expect(promptBudget({ configuredTokens: 48_000, serverContextTokens: 131_072, maxOutputTokens: 8192 })).toBe(48_000);
  });

  it("lowers it to what a smaller server leaves after the answer's max_tokens", () => {
    expect(promptBudget({ configuredTokens: 48_000, serverContextTokens: 32_000, maxOutputTokens: 8192 })).toBe(32_000 - 8192 - TEMPLATE_MARGIN_TOKENS);
  });
});
