import { describe, expect, it } from "vitest";
import { decideThreadAnswer, MAX_ANSWERS_PER_THREAD, threadOf, type ReviewThreadComment, type ThreadAnswerInput } from "../../../src/core/conversation/thread.js";

const identity = { appId: 1, slug: "pr-reviewer" };
const us = { login: "pr-reviewer[bot]", type: "Bot" };
const alice = { login: "alice", type: "User" };
const finding: ReviewThreadComment = { id: 10, author: us, body: "🟠 **Major** Null entry\n\n<!-- pr-reviewer:fp=0000000000000a -->" };
const reply = (id: number, author = alice, inReplyTo = 10): ReviewThreadComment => ({ id, author, body: "why?", inReplyTo });

const input = (over: Partial<ThreadAnswerInput> = {}): ThreadAnswerInput => ({
  comment: reply(11),
  comments: [finding, reply(11)],
  identity,
  chat: { enabled: true, auto_reply: true },
  mentioned: false,
  ...over,
});

describe("decideThreadAnswer", () => {
  it("answers a person's reply in our thread without a mention", () => {
    expect(decideThreadAnswer(input())).toEqual({ kind: "answer", rootId: 10, rootIsOurs: true });
  });

  it("never answers a bot, ourselves included", () => {
    expect(decideThreadAnswer(input({ comment: reply(11, us), comments: [finding, reply(11, us)] }))).toEqual({ kind: "skip", reason: "bot" });
    const other = { login: "dependabot[bot]", type: "Bot" };
    expect(decideThreadAnswer(input({ comment: reply(11, other), comments: [finding, reply(11, other)], mentioned: true }))).toEqual({ kind: "skip", reason: "bot" });
    const oauthApp = { login: "helper[bot]", type: "User" };
    expect(decideThreadAnswer(input({ comment: reply(11, oauthApp), comments: [finding, reply(11, oauthApp)] }))).toEqual({ kind: "skip", reason: "bot" });
  });

  it("answers elsewhere only when mentioned, and without a mention only with auto_reply", () => {
    const human = { id: 20, author: { login: "bob", type: "User" }, body: "look" };
    const inHumanThread = { ...reply(21), inReplyTo: 20 };
    expect(decideThreadAnswer(input({ comment: inHumanThread, comments: [human, inHumanThread] }))).toEqual({ kind: "skip", reason: "not-addressed" });
    expect(decideThreadAnswer(input({ comment: inHumanThread, comments: [human, inHumanThread], mentioned: true }))).toEqual({ kind: "answer", rootId: 20, rootIsOurs: false });
    const newThread = { id: 30, author: alice, body: "@pr-reviewer is this safe?" };
    expect(decideThreadAnswer(input({ comment: newThread, comments: [newThread], mentioned: true }))).toEqual({ kind: "answer", rootId: 30, rootIsOurs: false });
    expect(decideThreadAnswer(input({ chat: { enabled: true, auto_reply: false } }))).toEqual({ kind: "skip", reason: "not-addressed" });
    expect(decideThreadAnswer(input({ chat: { enabled: true, auto_reply: false }, mentioned: true })).kind).toBe("answer");
  });

  it("does not take a thread whose first comment only looks like ours for ours", () => {
    const forged = { id: 10, author: { login: "pr-reviewer", type: "User" }, body: "<!-- pr-reviewer:fp=0000000000000a -->" };
    expect(decideThreadAnswer(input({ comments: [forged, reply(11)] }))).toEqual({ kind: "skip", reason: "not-addressed" });
  });

  it("takes a thread for ours only when its first comment is one of our findings, not any comment of our bot user", () => {
    // The job's token of GitHub Actions writes as github-actions[bot] for every workflow: a linter's comment is not ours.
    const actions = { login: "github-actions[bot]", type: "Bot" };
    const asActions = { slug: "github-actions" };
    const lint = { id: 10, author: actions, body: "**eslint**: `x` is unused" };
    expect(decideThreadAnswer(input({ identity: asActions, comments: [lint, reply(11)] }))).toEqual({ kind: "skip", reason: "not-addressed" });
    const ours = { ...finding, author: actions };
    expect(decideThreadAnswer(input({ identity: asActions, comments: [ours, reply(11)] }))).toEqual({ kind: "answer", rootId: 10, rootIsOurs: true });
  });

  it("never answers its own account when that account is a user (a personal token)", () => {
    const machine = { login: "review-robot", type: "User" };
    const identity = { slug: "review-robot", login: "review-robot" };
    const root = { ...finding, author: machine };
    expect(decideThreadAnswer(input({ identity, comment: reply(11, machine), comments: [root, reply(11, machine)] }))).toEqual({ kind: "skip", reason: "bot" });
    expect(decideThreadAnswer(input({ identity, comments: [root, reply(11)] }))).toEqual({ kind: "answer", rootId: 10, rootIsOurs: true });
  });

  it("stays silent when chat is off", () => {
    expect(decideThreadAnswer(input({ chat: { enabled: false, auto_reply: true } }))).toEqual({ kind: "skip", reason: "chat-disabled" });
  });

  it("answers only the newest comment of the thread", () => {
    expect(decideThreadAnswer(input({ comments: [finding, reply(11), reply(12, { login: "carol", type: "User" })] }))).toEqual({ kind: "skip", reason: "not-latest" });
  });

  it(`stops after ${MAX_ANSWERS_PER_THREAD} answers in a thread`, () => {
    const history: ReviewThreadComment[] = [finding];
    for (let i = 0; i < MAX_ANSWERS_PER_THREAD; i += 1) history.push(reply(11 + 2 * i), reply(12 + 2 * i, us));
    const last = reply(100);
    expect(decideThreadAnswer(input({ comment: last, comments: [...history, last] }))).toEqual({ kind: "skip", reason: "cap" });
    expect(decideThreadAnswer(input({ comment: last, comments: [...history.slice(0, -1), last] })).kind).toBe("answer");
  });
});

describe("threadOf", () => {
  it("collects the first comment and its replies in id order, the comment itself even when the listing missed it", () => {
    const late = reply(15);
    expect(threadOf(late, [reply(12), finding, { id: 99, author: alice, body: "other" }]).map((c) => c.id)).toEqual([10, 12, 15]);
  });
});
