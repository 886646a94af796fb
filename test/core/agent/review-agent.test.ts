import { describe, expect, it } from "vitest";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import { DEFAULT_AGENT_SETTINGS } from "../../../src/core/agent/model-tools.js";
import { reviewAgent, TOOL_ROOM_SHARE, verificationReserve } from "../../../src/core/agent/review-agent.js";
import { REPOSITORY_TOOLS } from "../../../src/core/agent/tool-schemas.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { toolDefinitionTokens } from "../../../src/core/plan/prompt-budget.js";
import { SYSTEM_PROMPT } from "../../../src/core/prompt/system-prompt.js";

const snapshot = memorySnapshot(new Map([["a.ts", "const a = 1;\n"], [".env", "TOKEN=x\n"]]));
const base = { agentic: true, ignore: [] as string[], settings: DEFAULT_AGENT_SETTINGS, snapshot, promptBudgetTokens: 48_000, countTokens: estimateTokens };

describe("reviewAgent", () => {
  it("offers the tools when the repository, its config and the server all allow them, and keeps room for them", () => {
    const agent = reviewAgent(base);
    expect(agent.tools?.definitions).toBe(REPOSITORY_TOOLS);
    expect(agent.tools?.maxRounds).toBe(6);
    expect(agent.systemPrompt.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(agent.systemPrompt).toContain("you have at most 6 rounds of tool calls");
    const definitions = estimateTokens(JSON.stringify(REPOSITORY_TOOLS.map((tool) => ({ type: "function", function: tool }))));
    expect(agent.reservedTokens).toBe(definitions + Math.min(16_000, Math.floor(48_000 * TOOL_ROOM_SHARE)));
    expect(verificationReserve(agent, estimateTokens)).toBe(agent.reservedTokens + toolDefinitionTokens(estimateTokens));
  });

  it.each([
    ["the repository's config says agentic: false", { agentic: false }],
    ["the server's MODEL_AGENTIC is false", { settings: { ...DEFAULT_AGENT_SETTINGS, enabled: false } }],
  ])("offers no tool when %s, but keeps the repository for the engine's own search", (_name, over) => {
    const agent = reviewAgent({ ...base, ...over });
    expect(agent.tools).toBeUndefined();
    expect(agent.systemPrompt).toBe(SYSTEM_PROMPT);
    expect(agent.reservedTokens).toBe(0);
    expect(agent.repository?.snapshot).toBe(snapshot);
  });

  it("offers nothing without the repository", () => {
    const agent = reviewAgent({ ...base, snapshot: undefined });
    expect(agent).toMatchObject({ systemPrompt: SYSTEM_PROMPT, reservedTokens: 0 });
    expect(agent.tools).toBeUndefined();
    expect(agent.repository).toBeUndefined();
  });

  it("never shows a file of credentials through the tools", async () => {
    const reply = await reviewAgent(base).tools?.serve({ name: "read_file", arguments: { path: ".env" } }, 1_000);
    expect(reply?.outcome).toBe("failed");
    expect(reply?.text).toContain("Refused: .env may hold secrets");
  });

  it("never shows what the repository's ignore patterns name, unless a later pattern re-includes it", async () => {
    const files = new Map([["src/a.ts", "export const a = 1;\n"], ["secret-plans/road.md", "export const a = 'plans';\n"], ["secret-plans/public.md", "a\n"], [".env", "a=1\n"]]);
    const agent = reviewAgent({ ...base, snapshot: memorySnapshot(files), ignore: ["secret-plans/**", "!secret-plans/public.md", "!.env"] });
    const read = await agent.tools?.serve({ name: "read_file", arguments: { path: "secret-plans/road.md" } }, 1_000);
    expect(read?.text).toBe(
      "read_file secret-plans/road.md\nRefused: secret-plans/road.md is ignored by `secret-plans/**` in the repository's pr-reviewer config, and is never shown to the reviewer.",
    );
    const listing = await agent.tools?.serve({ name: "list_files", arguments: { path_glob: "**" } }, 1_000);
    expect(listing?.text).toContain("secret-plans/public.md\nsrc/a.ts\n");
    expect(listing?.text).not.toContain("road.md");
    expect(listing?.text).not.toContain(".env");
    const search = await agent.tools?.serve({ name: "search_code", arguments: { query: "export const a" } }, 1_000);
    expect(search?.text).toContain("src/a.ts:1:");
    expect(search?.text).not.toContain("road.md");
    expect([".env", "secret-plans/road.md", "secret-plans/public.md", "src/a.ts"].map(agent.shown.mayShow)).toEqual([false, false, true, true]);
  });
});
