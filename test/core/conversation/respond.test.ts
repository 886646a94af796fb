import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/core/conversation/actors.js";
import type { CommentEvent } from "../../../src/core/conversation/host.js";
import { decodeState } from "../../../src/core/incremental/review-state.js";
import { respondToComment, type ConversationContext } from "../../../src/core/conversation/respond.js";
import { parseRepoConfig } from "../../../src/core/config/repo-config.js";
import { ModelError } from "../../../src/core/errors.js";
import { learningFrom } from "../../../src/core/learnings/learning.js";
import { ALICE, IDENTITY, MemoryHost, MemoryStore, reviewComment, ScriptedModel, US } from "./support/memory-host.js";

const FINDING_BODY = "🟠 **Major** Null entry\n\n`entry` may be null.\n\n<!-- pr-reviewer:fp=0000000000000a -->";

interface World {
  readonly host: MemoryHost;
  readonly store: MemoryStore;
  readonly model: ScriptedModel;
  ctx(config?: unknown): ConversationContext;
}

function world(model = new ScriptedModel()): World {
  const host = new MemoryHost();
  const store = new MemoryStore();
  return {
    host,
    store,
    model,
    ctx: (config = {}) => ({
      host, model, store, identity: IDENTITY, config: parseRepoConfig(config).config, configProblems: [], repository: "o/r",
      log: { info: () => undefined, warn: () => undefined, error: () => undefined }, version: "9.9.9", promptBudgetTokens: 48_000, now: () => Date.parse("2026-03-01T00:00:00Z"),
      policy: { githubHost: "github.com" },
    }),
  };
}

const issueComment = (body: string, author: Actor = ALICE): CommentEvent => ({ kind: "issue", id: 900, body, author, pullNumber: 7, pullRequestAuthor: "octocat" });
const threadReply = (body: string, author: Actor = ALICE, id = 11): CommentEvent => ({ kind: "review", id, body, author, pullNumber: 7, pullRequestAuthor: "octocat", inReplyTo: 10 });

describe("commands", () => {
  it("ignores bots, ourselves included, and comments without a command", async () => {
    const w = world();
    expect(await respondToComment(issueComment("/review", US), w.ctx())).toMatchObject({ outcome: "ignored", reason: "written by us" });
    expect(await respondToComment(issueComment("/review", { login: "dependabot[bot]", id: 4, type: "Bot" }), w.ctx())).toMatchObject({ outcome: "ignored", reason: "written by a bot" });
    expect(await respondToComment(issueComment("/review", { login: "ci[bot]", id: 5, type: "User" }), w.ctx())).toMatchObject({ outcome: "ignored" });
    expect(await respondToComment(issueComment("Looks good, thanks @pr-reviewer"), w.ctx())).toEqual({ action: "none", outcome: "ignored", reason: "no command" });
    expect(w.host.reactions).toEqual([]);
    expect(w.host.roleLookups).toEqual([]);
  });

  it("/review: 👀 and a review to queue, answered where it was asked", async () => {
    const w = world();
    expect(await respondToComment(issueComment("/review full"), w.ctx())).toEqual({ action: "review", outcome: "done", review: { full: true, replyTo: { kind: "issue" } } });
    expect(w.host.reactions).toEqual([{ kind: "issue", id: 900, content: "eyes" }]);
    expect(await respondToComment(threadReply("/review"), w.ctx())).toMatchObject({ review: { full: false, replyTo: { kind: "review", rootId: 10 } } });
  });

  it("denies a reader once per pull request, with no reaction and nothing done", async () => {
    const w = world();
    w.host.roles.set("bob", "read");
    const bob = { login: "bob", id: 3, type: "User" };
    expect(await respondToComment(issueComment("/review", bob), w.ctx())).toEqual({ action: "review", outcome: "denied" });
    expect(await respondToComment(issueComment("/help", bob), w.ctx())).toEqual({ action: "help", outcome: "denied" });
    expect(w.host.posted).toHaveLength(1);
    expect(w.host.posted[0]).toContain("at least **write** permission");
    expect(w.host.reactions).toEqual([]);
  });

  it("denies when the role cannot be looked up, and follows min_permission", async () => {
    const w = world();
    const carol = { login: "carol", id: 4, type: "User" };
    expect(await respondToComment(issueComment("/help", carol), w.ctx())).toMatchObject({ outcome: "denied" });
    expect(await respondToComment(issueComment("/help", carol), w.ctx({ commands: { min_permission: "none" } }))).toMatchObject({ outcome: "done" });
    w.host.roles.set("dave", "triage");
    expect(await respondToComment(issueComment("/help", { login: "dave", id: 5, type: "User" }), w.ctx({ commands: { min_permission: "triage" } }))).toMatchObject({ outcome: "done" });
  });

  it("/pause and /resume change the summary's state; the PR's author may, whatever their role", async () => {
    const w = world();
    const author = { login: "octocat", id: 6, type: "User" };
    expect(await respondToComment(issueComment("/pause", author), w.ctx())).toEqual({ action: "pause", outcome: "done" });
    expect(w.host.roleLookups).toEqual([]);
    expect(decodeState(w.host.summary?.body ?? "")?.paused).toEqual({ by: "octocat", at: "2026-03-01T00:00:00.000Z" });
    expect(await respondToComment(issueComment("/pause"), w.ctx())).toMatchObject({ outcome: "ignored", reason: "already paused" });
    expect(await respondToComment(issueComment("/resume", author), w.ctx())).toEqual({ action: "resume", outcome: "done" });
    expect(decodeState(w.host.summary?.body ?? "")?.paused).toBeUndefined();
    expect(await respondToComment(issueComment("/resume"), w.ctx())).toMatchObject({ outcome: "ignored", reason: "not paused" });
    expect(await respondToComment(issueComment("/review", author), w.ctx())).toMatchObject({ outcome: "denied" });
  });

  it("/help answers with the commands, the config and the version", async () => {
    const w = world();
    await respondToComment(issueComment("/help"), w.ctx());
    expect(w.host.posted[0]).toContain("`9.9.9`");
    expect(w.host.posted[0]).toContain("`/forget <id>`");
  });

  it("/ask answers from the description and the diff, quoting the question", async () => {
    const w = world(new ScriptedModel(() => "Because lookups are hot.\nverdict: none"));
    w.host.changed = [{ path: "src/cache.ts", status: "modified", patch: "@@ -1,1 +1,2 @@\n a\n+b", additions: 1, deletions: 0 }];
    const result = await respondToComment(issueComment("/ask Why a cache?\nIs it bounded?"), w.ctx());
    expect(result).toEqual({ action: "ask", outcome: "done", usage: { promptTokens: 100, completionTokens: 10 } });
    expect(w.model.prompts[0]?.user).toContain("File: src/cache.ts");
    expect(w.model.prompts[0]?.user).toContain("Why a cache?\nIs it bounded?");
    expect(w.host.posted).toEqual(["> Why a cache?\n\nBecause lookups are hot."]);
    expect(await respondToComment(issueComment("@pr-reviewer is it thread-safe?"), w.ctx())).toMatchObject({ action: "ask", outcome: "done" });
  });

  it("/ask shows no more of the diff than the repository's max_files and max_prompt_tokens allow a review", async () => {
    const w = world(new ScriptedModel(() => "Fine.\nverdict: none"));
    w.host.changed = ["a", "b", "c"].map((name) => ({ path: `src/${name}.ts`, status: "modified", patch: `@@ -1,1 +1,2 @@\n a\n+${"x".repeat(40)}`, additions: 1, deletions: 0 }));
    await respondToComment(issueComment("/ask What changed?"), w.ctx({ max_files: 1 }));
    const user = w.model.prompts[0]?.user ?? "";
    expect(user.match(/^File: /gm)).toHaveLength(1);
    expect(user).toContain("2 more files of the pull request are not shown");
  });

  it("/ask without a question or with chat off says so without calling the model; a failed call is said in words", async () => {
    const w = world(new ScriptedModel(() => new ModelError("timeout", "the model did not answer within 300 s (MODEL_TIMEOUT_MS) at http://internal")));
    expect(await respondToComment(issueComment("/ask"), w.ctx())).toMatchObject({ outcome: "ignored", reason: "no question" });
    expect(await respondToComment(issueComment("/ask why?"), w.ctx({ chat: { enabled: false } }))).toMatchObject({ outcome: "ignored" });
    expect(w.model.prompts).toHaveLength(0);
    expect(await respondToComment(issueComment("/ask why?"), w.ctx())).toMatchObject({ outcome: "failed" });
    expect(w.host.posted.at(-1)).toBe("I could not answer this time: the model did not answer in time. Ask again in a while.");
    expect(w.host.posted.join("\n")).not.toContain("internal");
  });

  it("with a personal token, never answers its own account's comments, in the conversation or in a thread", async () => {
    const w = world();
    const machine = { login: "review-robot", id: 77, type: "User" };
    const ctx = { ...w.ctx(), identity: { slug: "review-robot", login: "review-robot" } };
    expect(await respondToComment(issueComment("/review", machine), ctx)).toEqual({ action: "none", outcome: "ignored", reason: "written by us" });
    w.host.reviewComments = [reviewComment(10, machine, FINDING_BODY), reviewComment(11, machine, "An answer.", { inReplyTo: 10 })];
    expect(await respondToComment(threadReply("An answer.", machine), ctx)).toMatchObject({ outcome: "ignored", reason: "written by us" });
    expect(w.model.prompts).toEqual([]);
    expect(w.host.reactions).toEqual([]);
    // A person's reply in that account's thread is answered: the thread is ours.
    w.host.reviewComments = [reviewComment(10, machine, FINDING_BODY), reviewComment(12, ALICE, "Why?", { inReplyTo: 10 })];
    expect(await respondToComment(threadReply("Why?", ALICE, 12), ctx)).toMatchObject({ action: "answer", outcome: "done" });
    expect(w.host.replies.map((r) => r.rootId)).toEqual([10]);
  });

  it("/resolve resolves only threads our findings started: another tool writing as the same bot is left alone", async () => {
    const w = world();
    const actions = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
    const ctx = { ...w.ctx(), identity: { slug: "github-actions" } };
    w.host.reviewComments = [reviewComment(10, actions, FINDING_BODY), reviewComment(20, actions, "**eslint**: no-unused-vars")];
    await respondToComment(issueComment("/resolve"), ctx);
    expect(w.host.resolved).toEqual([10]);
  });

  it("/resolve resolves our open threads, only that one when asked in it, and says when it may not", async () => {
    const w = world();
    w.host.reviewComments = [reviewComment(10, US, FINDING_BODY), reviewComment(12, US, FINDING_BODY), reviewComment(13, ALICE, "mine"), reviewComment(14, US, "reply", { inReplyTo: 10 })];
    await respondToComment(issueComment("/resolve"), w.ctx());
    expect(w.host.resolved).toEqual([10, 12]);
    await respondToComment(threadReply("/resolve"), w.ctx());
    expect(w.host.resolved).toEqual([10, 12, 10]);
    w.host.resolution = "not-permitted";
    expect(await respondToComment(issueComment("/resolve"), w.ctx())).toMatchObject({ outcome: "failed" });
    expect(w.host.posted.at(-1)).toContain("may not resolve");
  });

  it("/learnings lists and /forget drops, by id", async () => {
    const w = world();
    const lesson = learningFrom({ title: "Null entry", path: "src/a.ts", verdict: "dismissed", source: "reaction", by: "alice", pullNumber: 7, at: "2026-01-01T00:00:00Z" });
    await w.store.save("o/r", lesson);
    await respondToComment(issueComment("/learnings"), w.ctx());
    expect(w.host.posted[0]).toContain(`\`${lesson.id}\``);
    await respondToComment(issueComment("/learnings"), w.ctx({ learnings: { enabled: false } }));
    expect(w.host.posted[1]).toContain("turned off");
    expect(await respondToComment(issueComment(`/forget ${lesson.id.toUpperCase()}`), w.ctx())).toMatchObject({ action: "forget", outcome: "done" });
    expect(await w.store.list("o/r")).toEqual([]);
    expect(await respondToComment(issueComment(`/forget ${lesson.id}`), w.ctx())).toMatchObject({ outcome: "ignored" });
    expect(await respondToComment(issueComment("/forget"), w.ctx())).toMatchObject({ outcome: "ignored", reason: "no id" });
    expect(w.host.posted.at(-1)).toContain("/forget a1b2c3d");
  });

  it("an unknown command gets one reply per person and pull request", async () => {
    const w = world();
    await respondToComment(issueComment("/deploy"), w.ctx());
    await respondToComment(issueComment("/deploy"), w.ctx());
    expect(w.host.posted).toEqual(["I don't know the command `/deploy`. Comment `/help` for the commands I understand."]);
  });
});

describe("answers in review threads", () => {
  const setUp = (model?: ScriptedModel) => {
    const w = world(model);
    w.host.reviewComments = [reviewComment(10, US, FINDING_BODY), reviewComment(11, ALICE, "Can `entry` really be null here?", { inReplyTo: 10 })];
    w.host.files.set("src/cache.ts", Array.from({ length: 30 }, (_, i) => (i === 19 ? "if (entry = null) {" : i === 20 ? "  evict(entry);" : `line ${i + 1}`)).join("\n"));
    return w;
  };

  it("answers a person's reply in our thread with the model's text; the prompt has the question and the commented code", async () => {
    const w = setUp(new ScriptedModel(() => "Yes: `get` returns undefined on a miss.\n\nverdict: stands"));
    const result = await respondToComment(threadReply("Can `entry` really be null here?"), w.ctx());
    expect(result).toEqual({ action: "answer", outcome: "done", usage: { promptTokens: 100, completionTokens: 10 } });
    expect(w.host.replies).toEqual([{ rootId: 10, body: "Yes: `get` returns undefined on a miss." }]);
    expect(w.host.reactions).toEqual([{ kind: "review", id: 11, content: "eyes" }]);
    const user = w.model.prompts[0]?.user ?? "";
    expect(user).toContain("Can `entry` really be null here?");
    expect(user).toContain("20> if (entry = null) {");
    expect(user).toContain("The thread's first comment is your finding.");
    expect(w.host.resolved).toEqual([]);
  });

  it("resolves the thread and remembers the lesson when the model withdraws its finding", async () => {
    const w = setUp(new ScriptedModel(() => "You are right: the caller checks first.\nverdict: withdrawn"));
    await respondToComment(threadReply("Can `entry` really be null here?"), w.ctx());
    expect(w.host.resolved).toEqual([10]);
    expect(await w.store.list("o/r")).toMatchObject([{ title: "Null entry", source: "conceded", verdict: "dismissed", by: "alice", pathPattern: "src/*.ts", commentId: 10 }]);
    const again = setUp(new ScriptedModel(() => "Right.\nverdict: withdrawn"));
    await respondToComment(threadReply("x"), again.ctx({ learnings: { enabled: false } }));
    expect(await again.store.list("o/r")).toEqual([]);
  });

  it("keeps a fitting suggestion committable, and an answer that is only a verdict is not posted", async () => {
    const w = setUp(new ScriptedModel(() => "Compare instead:\n```suggestion\nif (entry === null) {\n  evict(entry);\n```\nverdict: stands"));
    await respondToComment(threadReply("fix?"), w.ctx());
    expect(w.host.replies[0]?.body).toContain("```suggestion\nif (entry === null)");
    const empty = setUp(new ScriptedModel(() => "verdict: none"));
    expect(await respondToComment(threadReply("?"), empty.ctx())).toMatchObject({ outcome: "failed" });
    expect(empty.host.replies).toEqual([]);
  });

  it("does not call the model for a reply that is no longer the latest, a bot's reply, or a reader's", async () => {
    const w = setUp();
    w.host.reviewComments.push(reviewComment(12, { login: "carol", id: 9, type: "User" }, "me too", { inReplyTo: 10 }));
    expect(await respondToComment(threadReply("Can `entry` really be null here?"), w.ctx())).toMatchObject({ outcome: "ignored", reason: "not-latest" });
    expect(await respondToComment(threadReply("ok", { login: "other[bot]", id: 8, type: "Bot" }, 12), w.ctx())).toMatchObject({ outcome: "ignored" });
    const reader = setUp();
    reader.host.roles.set("bob", "read");
    reader.host.reviewComments[1] = reviewComment(11, { login: "bob", id: 3, type: "User" }, "why?", { inReplyTo: 10 });
    expect(await respondToComment(threadReply("why?", { login: "bob", id: 3, type: "User" }), reader.ctx())).toEqual({ action: "answer", outcome: "denied" });
    expect(reader.host.replies).toHaveLength(1);
    expect(reader.host.replies[0]?.body).toContain("Answers in review threads need at least **write**");
    expect(w.model.prompts).toHaveLength(0);
    expect(reader.model.prompts).toHaveLength(0);
  });

  it("tells a mention once that chat is off, and nothing to an unaddressed reply", async () => {
    const w = setUp();
    expect(await respondToComment(threadReply("@pr-reviewer why?"), w.ctx({ chat: { enabled: false } }))).toMatchObject({ outcome: "ignored", reason: "chat-disabled" });
    await respondToComment(threadReply("@pr-reviewer why?"), w.ctx({ chat: { enabled: false } }));
    expect(await respondToComment(threadReply("why?"), w.ctx({ chat: { enabled: false } }))).toMatchObject({ reason: "chat-disabled" });
    expect(w.host.replies).toHaveLength(1);
    expect(w.host.replies[0]?.body).toContain("chat.enabled: false");
  });

  it("answers /ask in a person's own thread, and says in the thread when the model fails", async () => {
    const w = setUp(new ScriptedModel(() => new ModelError("rate_limited", "429")));
    w.host.reviewComments = [reviewComment(30, ALICE, "/ask is this safe?", { inReplyTo: undefined })];
    const event: CommentEvent = { kind: "review", id: 30, body: "/ask is this safe?", author: ALICE, pullNumber: 7, pullRequestAuthor: "octocat" };
    expect(await respondToComment(event, w.ctx())).toMatchObject({ action: "answer", outcome: "failed" });
    expect(w.host.replies).toEqual([{ rootId: 30, body: "I could not answer this time: the model endpoint is busy or unavailable. Ask again in a while." }]);
    expect(w.model.prompts[0]?.user).toContain("The thread was started by a person");
  });

  it("reads no file for an outdated thread and offers no committable suggestion there", async () => {
    const w = setUp(new ScriptedModel(() => "```suggestion\nx\n```"));
    w.host.reviewComments[0] = reviewComment(10, US, FINDING_BODY, { line: undefined, startLine: undefined });
    await respondToComment(threadReply("still?"), w.ctx());
    expect(w.host.replies[0]?.body).toBe("```\nx\n```");
    expect(w.model.prompts[0]?.user).toContain("outdated");
  });
});
