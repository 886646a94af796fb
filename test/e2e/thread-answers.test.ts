import { describe, expect, it } from "vitest";
import type { ReviewCommentRecord } from "../helpers/fake-github.js";
import type { ChatRequest } from "../helpers/fake-model.js";
import { reviewThreadPayload } from "../helpers/webhooks.js";
import {
  ASSIGNMENT, deliverReviewComment, isReviewRequest, MAINTAINER, openCachePullRequest, ourFinding, personComments, personReplies, reactionsOn, reviewerAndChat,
  userText,
} from "./support/conversation.js";
import { SECOND_LOOK_OFF, useE2EFixture } from "./support/e2e-fixture.js";
import { INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

async function reviewedWithFinding(answer: (request: ChatRequest) => string, config?: string): Promise<ReviewCommentRecord> {
  if (config !== undefined) fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", `${config}${SECOND_LOOK_OFF}`);
  fx.respond = reviewerAndChat([[ASSIGNMENT]], answer);
  // GitHub's 5xx are retried after 1 ms instead of a second, so a lookup that keeps failing fails fast.
  await fx.start({ GITHUB_RETRY_BASE_MS: "1" });
  fx.github.setRole(MAINTAINER, "write");
  openCachePullRequest(fx.github);
  await fx.app.deliver("pull_request", prPayload("opened"));
  await fx.app.idle();
  return ourFinding(fx.github, 21);
}

const chatRequests = () => fx.model.chatRequests.filter((r) => !isReviewRequest(r));
const threadOf = (rootId: number) => fx.github.reviewThreads.find((t) => t.rootCommentId === rootId);

describe("answers in our review threads", () => {
  it("answers a person's reply once, in that thread, with the model's text; the model got the question and the commented code", async () => {
    const finding = await reviewedWithFinding(() => "Yes: `entry = null` assigns null, so the branch never runs and `evict` gets null.\n\nverdict: stands");

    const reply = await personReplies(fx.github, fx.app, finding.id, "Is this really a bug? It compiles.");
    await fx.app.idle();

    const thread = threadOf(finding.id);
    expect(thread?.comments.map((c) => [c.user.login, c.body])).toEqual([
      [fx.github.botLogin, finding.body],
      [MAINTAINER, "Is this really a bug? It compiles."],
      [fx.github.botLogin, "Yes: `entry = null` assigns null, so the branch never runs and `evict` gets null."],
    ]);
    expect(thread?.isResolved).toBe(false);
    expect(reactionsOn(fx.github, reply.id)).toEqual([`${fx.github.botLogin}:eyes`]);

    expect(chatRequests()).toHaveLength(1);
    const request = chatRequests()[0];
    expect(request?.tools).toBeUndefined();
    const user = userText(request);
    expect(user).toContain("Is this really a bug? It compiles.");
    expect(user).toMatch(/^21> if \(entry = null\) \{$/m);
    expect(user).toContain("Assignment instead of comparison");
    expect(user).toContain("Title: Cache lookups");
    expect(user).toContain("<pr_data>");
    expect(fx.github.unhandled).toEqual([]);
  });

  it("resolves the thread when the model withdraws its finding", async () => {
    const finding = await reviewedWithFinding(() => "You are right: this is a test fixture that asserts the assignment.\nverdict: withdrawn");
    await personReplies(fx.github, fx.app, finding.id, "This file is a fixture; the assignment is on purpose.");
    await fx.app.idle();

    expect(threadOf(finding.id)?.isResolved).toBe(true);
    expect(threadOf(finding.id)?.comments.at(-1)?.body).toBe("You are right: this is a test fixture that asserts the assignment.");
  });

  it("calls no model for our own answer's webhook, another bot's reply, or a reply that is no longer the thread's latest", async () => {
    const finding = await reviewedWithFinding(() => "An answer.\nverdict: stands");
    await personReplies(fx.github, fx.app, finding.id, "Why?");
    await fx.app.idle();
    expect(chatRequests()).toHaveLength(1);

    // GitHub sends a webhook for our own answer too.
    const ourAnswer = threadOf(finding.id)?.comments.at(-1);
    if (ourAnswer === undefined) throw new Error("no answer");
    await deliverReviewComment(fx.app, ourAnswer);
    // Another app's bot replying in our thread.
    const botReply = { ...ourAnswer, id: ourAnswer.id + 1000, body: "@pr-reviewer what do you think?", user: { ...ourAnswer.user, login: "renovate[bot]", id: 29139614 } };
    await deliverReviewComment(fx.app, botReply);
    // Two people reply quickly; by the time the first reply's job runs, it is no longer the latest.
    const first = fx.github.addPersonReviewComment({ owner: OWNER, repo: REPO, number: 7, author: MAINTAINER, body: "And this?", inReplyTo: finding.id });
    const second = fx.github.addPersonReviewComment({ owner: OWNER, repo: REPO, number: 7, author: "carol", body: "Never mind, I see it.", inReplyTo: finding.id });
    fx.github.setRole("carol", "read");
    const firstComment = fx.github.reviewComments.find((c) => c.id === first);
    if (firstComment === undefined) throw new Error("missing");
    await deliverReviewComment(fx.app, firstComment);
    await fx.app.idle();

    expect(chatRequests()).toHaveLength(1);
    expect(reactionsOn(fx.github, first)).toEqual([]);
    expect(reactionsOn(fx.github, second)).toEqual([]);
    expect(threadOf(finding.id)?.comments.filter((c) => c.user.login === fx.github.botLogin)).toHaveLength(2);
  });

  it("gives a commenter with read permission one short reply and no model call; denies when the permission API fails", async () => {
    const finding = await reviewedWithFinding(() => "An answer.");
    fx.github.setRole("rita", "read");
    await personReplies(fx.github, fx.app, finding.id, "Why?", "rita");
    await fx.app.idle();
    await personReplies(fx.github, fx.app, finding.id, "Hello?", "rita");
    await fx.app.idle();
    // Beyond the retries (GITHUB_WRITE_RETRIES, 4 by default), so the lookup fails for good.
    fx.github.failNext({ method: "GET", path: new RegExp(`/collaborators/${MAINTAINER}/permission$`), status: 500, times: 5 });
    await personReplies(fx.github, fx.app, finding.id, "And me?");
    await fx.app.idle();

    expect(chatRequests()).toHaveLength(0);
    const ours = threadOf(finding.id)?.comments.filter((c) => c.user.login === fx.github.botLogin).slice(1) ?? [];
    expect(ours.map((c) => c.body.slice(0, 60))).toEqual([
      "Answers in review threads need at least **write** permission",
      "Answers in review threads need at least **write** permission",
    ]);
  });

  it("answers only when mentioned with chat.auto_reply false, and never with chat.enabled false", async () => {
    const finding = await reviewedWithFinding(() => "An answer.", "chat:\n  auto_reply: false\n");
    await personReplies(fx.github, fx.app, finding.id, "Why?");
    await fx.app.idle();
    expect(chatRequests()).toHaveLength(0);
    await personReplies(fx.github, fx.app, finding.id, "@pr-reviewer why?");
    await fx.app.idle();
    expect(chatRequests()).toHaveLength(1);
  });

  it("answers a person's own new thread that mentions the app, in that thread, with the commented code", async () => {
    await reviewedWithFinding(() => "It evicts the entry when the lookup missed.");
    const id = fx.github.addPersonReviewComment({ owner: OWNER, repo: REPO, number: 7, author: MAINTAINER, body: "@pr-reviewer what does this line do?", path: "src/cache.ts", line: 22 });
    const comment = fx.github.reviewComments.find((c) => c.id === id);
    if (comment === undefined) throw new Error("missing");
    await deliverReviewComment(fx.app, comment);
    await fx.app.idle();

    expect(threadOf(id)?.comments.map((c) => c.body)).toEqual(["@pr-reviewer what does this line do?", "It evicts the entry when the lookup missed."]);
    expect(userText(chatRequests()[0])).toMatch(/^22>\s+evict\(entry\);$/m);
  });

  it("counts thread answers in the metrics", async () => {
    const finding = await reviewedWithFinding(() => "An answer.");
    await personReplies(fx.github, fx.app, finding.id, "Why?");
    await fx.app.idle();
    const metrics = await (await fetch(`${fx.app.server.url}/metrics`)).text();
    expect(metrics).toContain('pr_reviewer_thread_answers_total{outcome="done"} 1');
  });
});

describe("a thread a person resolved", () => {
  it("teaches the app when the lines did not change, and not when a bot resolved it", async () => {
    const finding = await reviewedWithFinding(() => "");
    fx.github.resolveThreadAsPerson(finding.id);
    const payload = (login: string, type: string) =>
      reviewThreadPayload({ owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, comments: [finding], resolvedBy: { login, type, id: 5 } });
    await fx.app.deliver("pull_request_review_thread", payload("renovate[bot]", "Bot"));
    await fx.app.idle();
    await personComments(fx.github, fx.app, "/learnings");
    await fx.app.idle();
    expect(fx.github.issueComments.at(-1)?.body).toContain("Nothing learnt");

    await fx.app.deliver("pull_request_review_thread", payload(MAINTAINER, "User"));
    await fx.app.idle();
    await personComments(fx.github, fx.app, "/learnings");
    await fx.app.idle();
    expect(fx.github.issueComments.at(-1)?.body).toContain("🚫 not reported: Assignment instead of comparison");
    expect(fx.github.issueComments.at(-1)?.body).toContain("thread resolved without a code change");
  });
});
