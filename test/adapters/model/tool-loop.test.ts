import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIReviewModel } from "../../../src/adapters/model/openai-review-model.js";
import { MAX_CALLS_PER_ROUND, repositoryTools } from "../../../src/core/agent/repository-tools.js";
import { REPOSITORY_TOOL_NAMES } from "../../../src/core/agent/tool-schemas.js";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import type { ModelAnswer, ModelTools } from "../../../src/core/ports.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import {
  openAiError, qwenToolCallXml, startFakeModel, textCompletion, toolCallCompletion, toolCallsCompletion,
  type ChatRequest, type FakeModel, type Respond, type ToolCallSpec,
} from "../../helpers/fake-model.js";
import { modelSettingsFor } from "../../helpers/model/model-settings.js";

const messages = { system: "You review code.", user: "Review this diff." };
const review = { summary: "Checked the caller.", findings: [] };
/** 400 lines of about 16 tokens each: more than any test's room for results. */
const BIG = new Map([["src/big.ts", Array.from({ length: 400 }, (_, i) => `export const value${i} = ${"x".repeat(40)};`).join("\n")]]);
const FILES = new Map([
  ["src/cache.ts", "export function get(key: string): string | undefined {\n  return store.get(key);\n}\n"],
  ["src/api.ts", "import { get } from './cache';\nexport const name = get('name')!.trim();\n"],
]);

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Options {
  readonly env?: Readonly<Record<string, string>>;
  readonly budget?: number;
  readonly tools?: Partial<Pick<ModelTools, "maxRounds" | "maxResultTokens">>;
  readonly files?: ReadonlyMap<string, string>;
}

function toolsFor(options: Options): ModelTools {
  const environment = { snapshot: memorySnapshot(options.files ?? FILES), mayShow: () => true, redact: (text: string) => text };
  return repositoryTools(environment, { enabled: true, maxRounds: options.tools?.maxRounds ?? 6, maxResultTokens: options.tools?.maxResultTokens ?? 16_000 }, estimateTokens);
}

/** The prompt a request carries, as the loop estimates it: what the fake server reports back as prompt_tokens. */
function promptSize(request: ChatRequest): number {
  return estimateTokens(JSON.stringify(request.messages)) + estimateTokens(JSON.stringify(request.tools ?? []));
}

async function start(respond: Respond, options: Options = {}): Promise<{ fake: FakeModel; review(): Promise<ModelAnswer> }> {
  // The server counts the prompt it received, as vLLM does, so that the loop's accounting starts from the truth.
  const server = await startFakeModel(async (request, index) => {
    const reply = await respond(request, index);
    if (typeof reply === "object" && "choices" in reply && reply.usage !== undefined) {
      return { ...reply, usage: { ...reply.usage, prompt_tokens: promptSize(request) } };
    }
    return reply;
  });
  fake = server;
  const budget = options.budget;
  const model = createOpenAIReviewModel({
    settings: modelSettingsFor(server.baseUrl, options.env),
    ...(budget === undefined ? {} : { promptBudgetTokens: () => Promise.resolve(budget) }),
  });
  const tools = toolsFor(options);
  return { fake: server, review: () => model.review(messages, undefined, tools) };
}

function offered(request: ChatRequest | undefined): string[] {
  return (request?.tools ?? []).map((tool) => String((tool["function"] as { name?: unknown } | undefined)?.name));
}

function contentOf(message: Record<string, unknown> | undefined): string {
  return typeof message?.["content"] === "string" ? message["content"] : "";
}

const submit = (): ReturnType<typeof toolCallCompletion> => toolCallCompletion("submit_review", review);
const hasTools = (request: ChatRequest): boolean => offered(request).includes("read_file");

describe("the tool loop", () => {
  it("serves a read_file call, sends the file back under the call it answers, and ends with submit_review", async () => {
    const { fake: server, review: run } = await start((_request, index) =>
      index === 0 ? toolCallCompletion("read_file", { path: "src/api.ts" }) : submit(),
    );
    const answer = await run();

    expect(answer.args).toEqual(review);
    expect(answer.toolCalls).toEqual([{ tool: "read_file", outcome: "served", tokens: expect.any(Number) as number }]);
    expect(answer.calls?.map((call) => call.purpose)).toEqual(["review", "tool-results"]);
    const [first, second] = server.chatRequests;
    expect(offered(first)).toEqual(["submit_review", ...REPOSITORY_TOOL_NAMES]);
    expect(first?.tool_choice).toBe("auto");
    const [assistant, tool] = second?.messages.slice(2) ?? [];
    const call = (assistant?.["tool_calls"] as { id: string; function: { name: string; arguments: string } }[] | undefined)?.[0];
    expect(call?.function).toEqual({ name: "read_file", arguments: '{"path":"src/api.ts"}' });
    expect(tool).toMatchObject({ role: "tool", tool_call_id: call?.id });
    const text = contentOf(tool);
    // The reply names its call first (Qwen3-Coder's template drops the id), then the file at the head, fenced.
    expect(text.split("\n")[0]).toBe("read_file src/api.ts");
    expect(text).toContain("<pr_data>\n");
    expect(text).toContain("   2 | export const name = get('name')!.trim();");
    expect(text).toContain("5 rounds of tool calls left");
  });

  it("serves several calls of one answer in order, each reply naming its call, and searches the code", async () => {
    const calls: ToolCallSpec[] = [
      { name: "search_code", args: { query: "get(" } },
      { name: "list_files", args: { path_glob: "src/**" } },
      { name: "read_file", args: { path: "src/cache.ts", start_line: 1, end_line: 2 } },
    ];
    const { fake: server, review: run } = await start((_request, index) => (index === 0 ? toolCallsCompletion(calls) : submit()));
    const answer = await run();

    expect(answer.toolCalls?.map((call) => `${call.tool}:${call.outcome}`)).toEqual(["search_code:served", "list_files:served", "read_file:served"]);
    const replies = server.chatRequests[1]?.messages.slice(3) ?? [];
    const ids = (server.chatRequests[1]?.messages[2]?.["tool_calls"] as { id: string }[]).map((call) => call.id);
    expect(replies.map((reply) => reply["tool_call_id"])).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    expect(replies.map((reply) => contentOf(reply).split("\n")[0])).toEqual(['search_code "get("', 'list_files "src/**"', "read_file src/cache.ts:1-2"]);
    expect(contentOf(replies[0])).toContain("src/api.ts:2: export const name = get('name')!.trim();");
    expect(contentOf(replies[1])).toContain("src/api.ts\nsrc/cache.ts");
  });

  it("ends a model that never stops calling tools after MODEL_MAX_TOOL_ROUNDS rounds, with a last request that offers submit_review alone", async () => {
    const { fake: server, review: run } = await start(
      (request) => (hasTools(request) ? toolCallCompletion("read_file", { path: "src/cache.ts" }) : submit()),
      { tools: { maxRounds: 3 } },
    );
    const answer = await run();

    expect(answer.args).toEqual(review);
    expect(server.chatRequests).toHaveLength(4);
    expect(server.chatRequests.slice(0, 3).every(hasTools)).toBe(true);
    const last = server.chatRequests[3];
    expect(offered(last)).toEqual(["submit_review"]);
    expect(contentOf(last?.messages.at(-1))).toMatch(/^You have used all 3 rounds of tool calls\. No more tools are available\. Call the submit_review tool now/);
    expect(answer.toolCalls).toHaveLength(3);
  });

  it("turns a call of a repository tool after the last round into a repair turn, and the review still comes", async () => {
    let index = 0;
    const { fake: server, review: run } = await start(
      () => {
        index += 1;
        return index <= 3 ? toolCallCompletion("read_file", { path: "src/cache.ts" }) : submit();
      },
      { tools: { maxRounds: 2 } },
    );
    const answer = await run();

    expect(answer.args).toEqual(review);
    expect(answer.calls?.map((call) => call.purpose)).toEqual(["review", "tool-results", "tool-results", "repair"]);
    expect(contentOf(server.chatRequests[3]?.messages.at(-1))).toContain("Your answer could not be used: the model answered without calling submit_review (it called read_file instead)");
    expect(offered(server.chatRequests[3])).toEqual(["submit_review"]);
  });

  it("keeps every prompt within the budget: results are shortened, then refused, and tool use ends when the room is gone", async () => {
    const budget = 4_000;
    const { fake: server, review: run } = await start(
      (request) => (hasTools(request) ? toolCallsCompletion([{ name: "read_file", args: { path: "src/big.ts" } }, { name: "read_file", args: { path: "src/big.ts", start_line: 200 } }]) : submit()),
      { budget, files: BIG },
    );
    const answer = await run();

    expect(answer.args).toEqual(review);
    for (const request of server.chatRequests) expect(promptSize(request)).toBeLessThanOrEqual(budget);
    const outcomes = answer.toolCalls?.map((call) => call.outcome) ?? [];
    expect(outcomes).toContain("cut");
    expect(offered(server.chatRequests.at(-1))).toEqual(["submit_review"]);
    expect(contentOf(server.chatRequests.at(-1)?.messages.at(-1))).toContain("The room for tool results in this review is used up.");
    const served = server.chatRequests[1]?.messages.find((m) => m.role === "tool");
    expect(contentOf(served)).toContain("Shortened to its first");
  });

  it("stops at the cap on result tokens per answer (MODEL_MAX_TOOL_RESULT_TOKENS), whatever room the budget has", async () => {
    const { fake: server, review: run } = await start((request) => (hasTools(request) ? toolCallCompletion("read_file", { path: "src/big.ts" }) : submit()), {
      tools: { maxResultTokens: 1_000 },
      files: BIG,
    });
    const answer = await run();
    const spent = (answer.toolCalls ?? []).reduce((sum, call) => sum + call.tokens, 0);
    expect(spent).toBeLessThanOrEqual(1_000);
    expect(answer.toolCalls?.map((call) => call.outcome)).toEqual(["cut"]);
    expect(server.chatRequests).toHaveLength(2);
    expect(contentOf(server.chatRequests[1]?.messages.at(-1))).toContain("The room for tool results in this review is used up.");
  });

  it(`serves at most ${MAX_CALLS_PER_ROUND} calls of one answer and refuses the rest, each by name`, async () => {
    const calls = Array.from({ length: MAX_CALLS_PER_ROUND + 2 }, (_, i) => ({ name: "read_file", args: { path: "src/api.ts", start_line: i + 1 } }));
    const { fake: server, review: run } = await start((_request, index) => (index === 0 ? toolCallsCompletion(calls) : submit()));
    const answer = await run();

    expect(answer.toolCalls?.filter((call) => call.outcome === "refused")).toHaveLength(2);
    const replies = server.chatRequests[1]?.messages.filter((m) => m.role === "tool") ?? [];
    expect(replies).toHaveLength(MAX_CALLS_PER_ROUND + 2);
    expect(contentOf(replies.at(-1))).toMatch(/^read_file src\/api\.ts:8-\nNot served: at most 6 tool calls are served per answer/);
  });

  it("replays arguments that are not JSON as {} (vLLM parses every earlier call) and tells the model its call was not understood", async () => {
    const { fake: server, review: run } = await start((_request, index) =>
      index === 0 ? toolCallsCompletion([{ name: "read_file", argumentsText: '{"path": "src/api.ts", "start_line": 1' }, { name: "read_file", argumentsText: "not json" }]) : submit(),
    );
    const answer = await run();

    const replayed = (server.chatRequests[1]?.messages[2]?.["tool_calls"] as { function: { arguments: string } }[]).map((call) => call.function.arguments);
    for (const args of replayed) expect(() => JSON.parse(args) as unknown).not.toThrow();
    expect(replayed[1]).toBe("{}");
    expect(answer.toolCalls?.map((call) => call.outcome)).toEqual(["served", "failed"]);
    expect(contentOf(server.chatRequests[1]?.messages[4])).toContain("Invalid arguments");
  });

  it("serves calls written as Qwen3-Coder XML in the text (a server without a tool parser), answering in one user turn", async () => {
    const xml = `${qwenToolCallXml("read_file", { path: "src/api.ts", start_line: 2 })}\n${qwenToolCallXml("search_code", { query: "store.get" })}`;
    const { fake: server, review: run } = await start((_request, index) => (index === 0 ? textCompletion(xml) : submit()));
    const answer = await run();

    expect(answer.toolCalls?.map((call) => call.tool)).toEqual(["read_file", "search_code"]);
    const [assistant, user] = server.chatRequests[1]?.messages.slice(2) ?? [];
    expect(assistant).toEqual({ role: "assistant", content: xml });
    expect(user?.role).toBe("user");
    expect(contentOf(user)).toMatch(/^read_file src\/api\.ts:2-\n[\s\S]*\n\nsearch_code "store\.get"\n/);
  });

  it("gives tool use up for a plain answer when the server refuses a turn carrying tool results", async () => {
    const { fake: server, review: run } = await start((request, index) => {
      if (index === 0) return toolCallCompletion("read_file", { path: "src/api.ts" });
      if (request.messages.some((m) => m.role === "tool")) return { status: 400, body: openAiError("tool messages are not supported", "invalid_request_error", null) };
      return submit();
    });
    const answer = await run();

    expect(answer.args).toEqual(review);
    expect(answer.toolsAbandoned).toMatch(/^a turn with tool results failed \(.*tool messages are not supported.*\); the part was reviewed again without tools$/);
    expect(offered(server.chatRequests[2])).toEqual(["submit_review"]);
    expect(server.chatRequests[2]?.messages).toHaveLength(2);
  });

  it("answers a tool call with `required` while tools are offered, and names submit_review only for the last request", async () => {
    const { fake: server, review: run } = await start((request) => (hasTools(request) ? toolCallCompletion("list_files", { path_glob: "*.ts" }) : submit()), {
      env: { MODEL_TOOL_CHOICE: "named" },
      tools: { maxRounds: 1 },
    });
    await run();
    expect(server.chatRequests.map((request) => request.tool_choice)).toEqual(["auto", { type: "function", function: { name: "submit_review" } }]);
  });

  it("without tools, sends submit_review alone, as before", async () => {
    const server = await startFakeModel(() => submit());
    fake = server;
    const model = createOpenAIReviewModel({ settings: modelSettingsFor(server.baseUrl) });
    const answer = await model.review(messages);
    expect(offered(server.chatRequests[0])).toEqual(["submit_review"]);
    expect(answer.toolCalls).toBeUndefined();
  });
});
