import { describe, expect, it } from "vitest";
import { qwen3TokenCounter } from "../../src/adapters/tokenizer/qwen3-token-counter.js";
import { REPOSITORY_TOOL_NAMES } from "../../src/core/agent/tool-schemas.js";
import type { CountTokens } from "../../src/core/plan/count-tokens.js";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { qwenToolCallXml, textCompletion, toolCallCompletion, toolCallsCompletion, type ChatRequest } from "../helpers/fake-model.js";
import { SECRET_SAMPLES } from "../helpers/secret-samples.js";
import { checkSuitePayload } from "../helpers/webhooks.js";
import {
  addEntriesPullRequest, answeredIds, API_TEXT, CALLER_FINDING, offeredTools, replayedCalls, toolReplies, userText, userTurns,
} from "./support/agentic-scenario.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const hasTools = (request: ChatRequest): boolean => offeredTools(request).includes("read_file");
const submit = (findings: unknown[] = []): ChatCompletion => toolCallCompletion("submit_review", { summary: "Checked the callers.", findings });

/** The prompt of a request as the budget counts it (Qwen3's tokenizer): every message's text, replayed calls and the tools sent. */
function promptTokens(request: ChatRequest, count: CountTokens): number {
  let tokens = count(JSON.stringify(request.tools ?? []));
  for (const message of request.messages) {
    if (typeof message["content"] === "string") tokens += count(message["content"]);
    for (const call of (message["tool_calls"] as { function: { name: string; arguments: string } }[] | undefined) ?? []) tokens += count(call.function.name + call.function.arguments);
  }
  return tokens;
}

async function metric(name: string): Promise<string[]> {
  const text = await (await fetch(`${fx.app.server.url}/metrics`, { headers: { connection: "close" } })).text();
  return text.split("\n").filter((line) => line.startsWith(name));
}

describe("an agentic review: the model looks around the repository before it submits", () => {
  it("serves read_file and search_code from the head commit's archive, and the model's finding on a caller is posted", async () => {
    addEntriesPullRequest(fx.github);
    fx.respond = (request) =>
      hasTools(request) && toolReplies(request).length === 0
        ? toolCallsCompletion([{ name: "read_file", args: { path: "src/api.ts" } }, { name: "search_code", args: { query: "readEntry(", path_glob: "src/**" } }])
        : submit([CALLER_FINDING]);
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const [first, second] = fx.model.chatRequests;
    expect(offeredTools(first)).toEqual(["submit_review", ...REPOSITORY_TOOL_NAMES]);
    expect(fx.model.chatRequests).toHaveLength(2);
    // Both calls are replayed, and answered in the order they were made, each reply by its call's id.
    const calls = replayedCalls(second);
    expect(calls.map((call) => call.split(" ")[1])).toEqual(["read_file", "search_code"]);
    expect(answeredIds(second)).toEqual(calls.map((call) => call.split(" ")[0]));
    const [file, matches] = toolReplies(second);
    // Each reply first names the call it answers (Qwen3-Coder's template drops the ids), then the repository text
    // at the head, numbered and fenced as untrusted data (a fence tag inside it defused), then the tool's own notes.
    const apiLines = API_TEXT.split("\n").slice(0, -1);
    expect(file).toBe(
      [
        "read_file src/api.ts",
        "<pr_data>",
        ...apiLines.map((line, index) => `${String(index + 1).padStart(4)} | ${line.replace("</pr_data>", "‹/pr_data>")}`),
        "</pr_data>",
        `src/api.ts: lines 1-${apiLines.length} of ${apiLines.length}.`,
      ].join("\n"),
    );
    expect(file).not.toContain("lookupOnBase");
    expect(matches).toBe(
      [
        'search_code "readEntry(" path_glob="src/**"',
        "<pr_data>",
        "src/api.ts:4: const entry = readEntry(request.key);",
        "src/entries.ts:3: export function readEntry(key: string, fallback: string): string {",
        "src/jobs.ts:3: export const nightly = () => readEntry('nightly');",
        "</pr_data>",
        "3 matching lines in 3 files (5 files searched).",
        "",
        "(5 rounds of tool calls left; call submit_review as soon as you have what you need.)",
      ].join("\n"),
    );
    // One download of the head commit served both calls.
    expect(fx.github.archiveDownloads.map((d) => `${d.status} ${d.path}`)).toEqual([`200 /${OWNER}/${REPO}/legacy.tar.gz/${"a".repeat(40)}`]);

    expect(fx.github.reviews[0]?.comments.map((c) => `${c.path}:${c.line}`)).toEqual(["src/entries.ts:3"]);
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("The model looked at the repository with 2 tool calls (1 read_file, 1 search_code).");
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The model looked at the repository with 2 tool calls (1 read_file, 1 search_code).");
    expect(await metric("pr_reviewer_model_tool_calls_total{")).toEqual([
      'pr_reviewer_model_tool_calls_total{tool="read_file",outcome="served"} 1',
      'pr_reviewer_model_tool_calls_total{tool="search_code",outcome="served"} 1',
    ]);
    const [readTokens, searchTokens] = await Promise.all(["read_file", "search_code"].map((tool) => metric(`pr_reviewer_model_tool_result_tokens_total{tool="${tool}"}`)));
    for (const tokens of [readTokens, searchTokens]) expect(Number(tokens?.[0]?.split(" ")[1])).toBeGreaterThan(20);
  });

  it("downloads a commit once per server: a re-run of the same head reads the kept snapshot", async () => {
    addEntriesPullRequest(fx.github);
    fx.respond = (request) =>
      hasTools(request) && toolReplies(request).length === 0 ? toolCallCompletion("read_file", { path: "src/jobs.ts" }) : submit();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    await fx.app.deliver(
      "check_suite",
      checkSuitePayload("rerequested", {
        owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkSuiteId: 5150, headSha: HEAD_SHA, appId: fx.github.appId,
        pullRequests: [{ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }],
      }),
    );
    await fx.app.idle();

    expect(fx.github.checkRuns.map((run) => run.conclusion)).toEqual(["success", "success"]);
    const replies = fx.model.chatRequests.flatMap(toolReplies);
    expect(replies).toHaveLength(2);
    expect(replies.every((reply) => reply.includes("   3 | export const nightly = () => readEntry('nightly');"))).toBe(true);
    expect(fx.github.archiveDownloads).toHaveLength(1);
  });

  it("shows the model where the changed function is used, before it asks for anything", async () => {
    addEntriesPullRequest(fx.github);
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const user = userText(fx.model.chatRequests[0]);
    expect(user).toContain("Code elsewhere in the repository that uses symbols this pull request changes (untrusted;");
    expect(user).toContain("Uses of `readEntry` (its signature changed in this pull request; declared in src/entries.ts:3): 2 found");
    expect(user).toContain("src/api.ts:4\n");
    expect(user).toContain(">  4 |   const entry = readEntry(request.key);");
    expect(user).toContain(">  3 | export const nightly = () => readEntry('nightly');");
    expect(user.indexOf("Uses of `readEntry`")).toBeGreaterThan(user.indexOf("The diff (untrusted):"));
  });

  it("ends a model that never stops calling tools in a completed review, after MODEL_MAX_TOOL_ROUNDS rounds", async () => {
    addEntriesPullRequest(fx.github);
    fx.respond = (request) => (hasTools(request) ? toolCallCompletion("read_file", { path: "src/store.ts" }) : submit([CALLER_FINDING]));
    await fx.start({ MODEL_MAX_TOOL_ROUNDS: "3" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const requests = fx.model.chatRequests;
    expect(requests).toHaveLength(4);
    expect(requests.slice(0, 3).every(hasTools)).toBe(true);
    expect(offeredTools(requests[3])).toEqual(["submit_review"]);
    expect(toolReplies(requests[3])).toHaveLength(3);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(fx.github.reviews[0]?.comments).toHaveLength(1);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The model looked at the repository with 3 tool calls (3 read_file).");
  });

  it("completes the review when the model goes on calling tools after it is told to submit", async () => {
    addEntriesPullRequest(fx.github);
    fx.respond = () => toolCallCompletion("read_file", { path: "src/store.ts" });
    await fx.start({ MODEL_MAX_TOOL_ROUNDS: "2" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const requests = fx.model.chatRequests;
    // Two rounds served, then the instruction to submit with no repository tool offered, then one repair turn:
    // never another round of tools, and the review completes with a check run that says what the model did.
    expect(requests).toHaveLength(4);
    expect(requests.slice(0, 2).every(hasTools)).toBe(true);
    expect(requests.slice(2).map(offeredTools)).toEqual([["submit_review"], ["submit_review"]]);
    expect(toolReplies(requests[2])).toHaveLength(2);
    expect(userTurns(requests[2]).at(-1)).toMatch(/^You have used all 2 rounds of tool calls\. No more tools are available\. Call the submit_review tool now/);
    // The part ends without findings, said to be incomplete: a completed review, never an all-clear.
    const [run] = fx.github.checkRuns;
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(run?.output.title).not.toMatch(/no issues/i);
    expect(run?.output.summary).toContain("the model kept calling repository tools after its 2 tool calls and never submitted its review (still after a repair turn)");
    expect(fx.github.reviews).toEqual([]);
    expect(fx.github.issueComments.some((c) => (c.body ?? "").includes("pr-reviewer:summary"))).toBe(true);
  });

  it("serves calls a server without a tool parser leaves as Qwen3-Coder XML in the text, in order, in one turn", async () => {
    addEntriesPullRequest(fx.github);
    fx.respond = (request) =>
      hasTools(request) && userTurns(request).length === 1
        ? textCompletion(`${qwenToolCallXml("list_files", { path_glob: "src/*.ts" })}\n${qwenToolCallXml("read_file", { path: "src/jobs.ts", start_line: 3, end_line: 3 })}`)
        : submit();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const second = fx.model.chatRequests[1];
    expect(toolReplies(second)).toEqual([]);
    const reply = userTurns(second).at(-1) ?? "";
    // The text calls are answered in one user turn, in the order they were written, each reply naming its call.
    expect(reply).toBe(
      [
        'list_files "src/*.ts"',
        "<pr_data>",
        "src/api.ts\nsrc/entries.ts\nsrc/jobs.ts\nsrc/settings.ts\nsrc/store.ts",
        "</pr_data>",
        "5 files.",
        "",
        "read_file src/jobs.ts:3-3",
        "<pr_data>",
        "   3 | export const nightly = () => readEntry('nightly');",
        "</pr_data>",
        "src/jobs.ts: lines 3-3 of 3.",
        "",
        "(5 rounds of tool calls left; call submit_review as soon as you have what you need.)",
      ].join("\n"),
    );
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The model looked at the repository with 2 tool calls (1 list_files, 1 read_file).");
  });

  it("never shows the model a secret file or a secret, whatever it asks for", async () => {
    addEntriesPullRequest(fx.github);
    const [token, password] = [SECRET_SAMPLES[0], SECRET_SAMPLES.find((sample) => sample.kind === "generic-secret")];
    if (token === undefined || password === undefined) throw new Error("the secret samples changed");
    fx.github.setFile(OWNER, REPO, ".env", `API_TOKEN=${token.secret}\n`, HEAD_SHA);
    fx.github.setFile(OWNER, REPO, "src/client.ts", `${token.line}\n${password.line}\n`, HEAD_SHA);
    fx.respond = (request) =>
      hasTools(request) && toolReplies(request).length === 0
        ? toolCallsCompletion([
            { name: "read_file", args: { path: ".env" } },
            { name: "read_file", args: { path: "src/client.ts" } },
            { name: "search_code", args: { query: "API_TOKEN" } },
            { name: "search_code", args: { query: token.secret.slice(0, 12) } },
            { name: "list_files", args: { path_glob: "**" } },
          ])
        : submit();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const [envFile, client, search, secretSearch, listing] = toolReplies(fx.model.chatRequests[1]);
    expect(envFile).toBe("read_file .env\nRefused: .env may hold secrets, and such files are never shown to the reviewer.");
    expect(client).toBe(
      'read_file src/client.ts\n<pr_data>\n   1 | const token = "[REDACTED:github-token]";\n   2 | db_password = "[REDACTED:generic-secret]"\n</pr_data>\nsrc/client.ts: lines 1-2 of 2.',
    );
    // Neither the secret file nor the secrets the redaction hides can be found by searching.
    expect(search).toBe('search_code "API_TOKEN"\nNo match (7 files searched).');
    expect(secretSearch).toBe(`search_code "${token.secret.slice(0, 12)}"\nNo match (7 files searched).`);
    expect(listing).toContain("src/client.ts");
    expect(listing).not.toMatch(/^\.env$/m);
    const sent = JSON.stringify(fx.model.chatRequests);
    for (const secret of [token.secret, password.secret]) expect(sent).not.toContain(secret);
  });

  it("never shows the files the repository's ignore patterns name", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", 'verify: off\nignore: ["src/jobs.ts"]\n');
    addEntriesPullRequest(fx.github);
    fx.respond = (request) =>
      hasTools(request) && toolReplies(request).length === 0
        ? toolCallsCompletion([{ name: "read_file", args: { path: "src/jobs.ts" } }, { name: "search_code", args: { query: "readEntry('nightly')" } }])
        : submit();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const [read, search] = toolReplies(fx.model.chatRequests[1]);
    expect(read).toBe("read_file src/jobs.ts\nRefused: src/jobs.ts is ignored by `src/jobs.ts` in the repository's pr-reviewer config, and is never shown to the reviewer.");
    expect(search?.startsWith(`search_code "readEntry('nightly')"\nNo match (5 files searched).`)).toBe(true);
    // Nor do the uses of the changed function shown up front come from it.
    expect(userText(fx.model.chatRequests[0])).not.toContain("nightly");
  });

  it("keeps every prompt within the budget while the model reads more than fits", async () => {
    addEntriesPullRequest(fx.github);
    const count = await qwen3TokenCounter(quiet)();
    fx.respond = (request) => {
      const reply = hasTools(request)
        ? toolCallsCompletion([{ name: "read_file", args: { path: "src/settings.ts", start_line: 1 } }, { name: "read_file", args: { path: "src/settings.ts", start_line: 400 } }])
        : submit();
      // The server counts the prompt it received, as vLLM reports it.
      return reply.usage === undefined ? reply : { ...reply, usage: { ...reply.usage, prompt_tokens: promptTokens(request, count) } };
    };
    const budget = 9_000;
    await fx.start({ MODEL_PROMPT_BUDGET_TOKENS: String(budget) });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const requests = fx.model.chatRequests;
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) expect(promptTokens(request, count)).toBeLessThanOrEqual(budget);
    const replies = requests.flatMap(toolReplies);
    expect(replies.some((reply) => reply.includes("Shortened to its first"))).toBe(true);
    expect(offeredTools(requests.at(-1))).toEqual(["submit_review"]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success"]);
    expect(fx.github.checkRuns[0]?.output.summary).toMatch(/shortened or refused to stay within the bounds/);
  });

  it("offers the tools under INSTALLATION_DAILY_TOKEN_BUDGET too, and charges every round of them to the budget", async () => {
    addEntriesPullRequest(fx.github);
    // Each request reports 1,000 prompt tokens: the review (one tool round, then its answer) spends over 2,000.
    fx.respond = (request) =>
      hasTools(request) && toolReplies(request).length === 0 ? toolCallCompletion("read_file", { path: "src/jobs.ts" }) : submit();
    await fx.start({ INSTALLATION_DAILY_TOKEN_BUDGET: "1500" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(offeredTools(fx.model.chatRequests[0])).toEqual(["submit_review", ...REPOSITORY_TOOL_NAMES]);
    expect(toolReplies(fx.model.chatRequests[1])).toHaveLength(1);

    // The second round took the installation over its budget: the next commit is not reviewed.
    fx.github.addPullRequest({
      owner: OWNER, repo: REPO, number: 8, title: "Docs", body: "", draft: false, headSha: "c".repeat(40), baseSha: BASE_SHA,
      files: [{ filename: "README.md", status: "modified", patch: "@@ -1 +1 @@\n-# Widgets\n+# Widgets!" }],
    });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 8, headSha: "c".repeat(40) }));
    await fx.app.idle();
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.checkRuns.at(-1)?.output.title).toMatch(/^Not reviewed: INSTALLATION_DAILY_TOKEN_BUDGET spent/);
  });

  it("offers no repository tool and downloads nothing when the repository says agentic: false", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "agentic: false\nverify: off\n");
    addEntriesPullRequest(fx.github);
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(1);
    expect(offeredTools(fx.model.chatRequests[0])).toEqual(["submit_review"]);
    expect(fx.model.chatRequests[0]?.messages[0]?.["content"]).not.toContain("read_file");
    expect(fx.github.checkRuns[0]?.output.summary).not.toContain("tool call");
  });

  it("offers no repository tool when the server says MODEL_AGENTIC=false", async () => {
    addEntriesPullRequest(fx.github);
    await fx.start({ MODEL_AGENTIC: "false" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(offeredTools(fx.model.chatRequests[0])).toEqual(["submit_review"]);
  });

  it("downloads nothing when the change touches no exported symbol and the model calls no tool", async () => {
    fx.github.addPullRequest({
      owner: OWNER, repo: REPO, number: 7, title: "Docs", body: "", draft: false, headSha: "a".repeat(40), baseSha: "b".repeat(40),
      files: [{ filename: "README.md", status: "modified", patch: "@@ -1 +1 @@\n-# Widgets\n+# Widgets!" }],
    });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(offeredTools(fx.model.chatRequests[0])).toEqual(["submit_review", ...REPOSITORY_TOOL_NAMES]);
    expect(fx.github.archiveDownloads).toEqual([]);
    expect(fx.github.requests.filter((r) => r.path.includes("/tarball/"))).toEqual([]);
  });
});
