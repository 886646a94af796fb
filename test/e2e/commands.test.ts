import { describe, expect, it } from "vitest";
import { decodeState } from "../../src/core/incremental/review-state.js";
import { issueCommentPayload } from "../helpers/webhooks.js";
import {
  ASSIGNMENT, botConversationReplies, MAINTAINER, openCachePullRequest, personComments, PR_AUTHOR, pushSecondHead, reactionsOn, reviewerAndChat,
  SECOND_HEAD, THIRD_HEAD, userText, isReviewRequest,
} from "./support/conversation.js";
import { SECOND_LOOK_OFF, useE2EFixture } from "./support/e2e-fixture.js";
import { HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

async function start(
  reviews: readonly (readonly object[])[] = [[ASSIGNMENT]], answer?: (request: Parameters<typeof userText>[0]) => string, env: Readonly<Record<string, string>> = {},
): Promise<void> {
  fx.respond = reviewerAndChat(reviews, answer);
  await fx.start(env);
  fx.github.setRole(MAINTAINER, "write");
}

async function openAndReview(): Promise<void> {
  openCachePullRequest(fx.github);
  await fx.app.deliver("pull_request", prPayload("opened"));
  await fx.app.idle();
}

async function comment(body: string, author = MAINTAINER): Promise<number> {
  const { id, delivery } = await personComments(fx.github, fx.app, body, author);
  expect(delivery.status).toBe(200);
  await fx.app.idle();
  return id;
}

const reviewCalls = () => fx.model.chatRequests.filter(isReviewRequest).length;
const chatCalls = () => fx.model.chatRequests.filter((r) => !isReviewRequest(r)).length;
const summaryBody = () => fx.github.issueComments.find((c) => (c.body ?? "").includes("<!-- pr-reviewer:summary -->"))?.body ?? "";

describe("/review", () => {
  it("reviews the new head after a push that sent no webhook, only what is new, acknowledged with 👀 and no comment", async () => {
    await start([[ASSIGNMENT], []]);
    await openAndReview();
    pushSecondHead(fx.github);

    const id = await comment("/review");

    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([HEAD_SHA]);
    expect(reviewCalls()).toBe(2);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral", "in_progress", "completed:neutral"]);
    expect(fx.github.checkRuns.at(-1)?.head_sha).toBe(SECOND_HEAD);
    expect(decodeState(summaryBody())?.headSha).toBe(SECOND_HEAD);
    // Incremental: the model saw the push, compared with the last reviewed head.
    expect(fx.github.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/compare/${HEAD_SHA}...${SECOND_HEAD}`)).toBe(true);
    expect(reactionsOn(fx.github, id)).toEqual([`${fx.github.botLogin}:eyes`]);
    expect(botConversationReplies(fx.github)).toEqual([]);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("says in one short reply that the head was already reviewed, spending no tokens; `/review full` reviews it again", async () => {
    await start([[ASSIGNMENT], [ASSIGNMENT]]);
    await openAndReview();

    await comment("/review");
    expect(reviewCalls()).toBe(1);
    expect(botConversationReplies(fx.github)).toEqual([
      `Nothing new to review: \`${HEAD_SHA.slice(0, 7)}\`, the latest commit, was already reviewed. Comment \`/review full\` to review the whole pull request again.`,
    ]);

    await comment("@pr-reviewer full review");
    expect(reviewCalls()).toBe(2);
    expect(fx.github.checkRuns).toHaveLength(2);
    // The finding already on the pull request is not posted twice.
    expect(fx.github.reviewComments.filter((c) => c.in_reply_to_id === undefined)).toHaveLength(1);
    expect(botConversationReplies(fx.github)).toHaveLength(1);
  });

  it("reviews a draft when asked", async () => {
    await start([[ASSIGNMENT]]);
    openCachePullRequest(fx.github);
    fx.github.updatePullRequest({ owner: OWNER, repo: REPO, number: 7, draft: true });
    await fx.app.deliver("pull_request", prPayload("opened", { draft: true }));
    await fx.app.idle();
    expect(reviewCalls()).toBe(0);

    await comment("/review");
    expect(reviewCalls()).toBe(1);
    expect(fx.github.reviews).toHaveLength(1);
  });
});

describe("/pause and /resume", () => {
  it("a push while paused completes no review and a skipped check run; the summary says so once; /review still reviews; after /resume a push is reviewed", async () => {
    await start([[ASSIGNMENT], [], []]);
    await openAndReview();

    const pause = await comment("/pause");
    expect(reactionsOn(fx.github, pause)).toEqual([`${fx.github.botLogin}:eyes`]);
    expect(summaryBody().match(/Automatic reviews of this pull request are paused/g)).toHaveLength(1);
    expect(decodeState(summaryBody())?.paused?.by).toBe(MAINTAINER);

    pushSecondHead(fx.github);
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }));
    await fx.app.idle();
    expect(reviewCalls()).toBe(1);
    const paused = fx.github.checkRuns.at(-1);
    expect([paused?.head_sha, paused?.status, paused?.conclusion, paused?.output.title]).toEqual([SECOND_HEAD, "completed", "skipped", "Reviews paused — comment /resume"]);
    expect(summaryBody().match(/are paused/g)).toHaveLength(1);

    // /review works while paused, and the review keeps the pause (and its one notice).
    await comment("/review");
    expect(reviewCalls()).toBe(2);
    // A review of the paused push's head; the earlier finding is still open, so neutral.
    expect([fx.github.checkRuns.at(-1)?.head_sha, fx.github.checkRuns.at(-1)?.conclusion]).toEqual([SECOND_HEAD, "neutral"]);
    expect(decodeState(summaryBody())?.headSha).toBe(SECOND_HEAD);
    expect(decodeState(summaryBody())?.paused?.by).toBe(MAINTAINER);
    expect(summaryBody().match(/are paused/g)).toHaveLength(1);

    await comment("/resume");
    expect(decodeState(summaryBody())?.paused).toBeUndefined();
    expect(summaryBody()).not.toContain("are paused");

    pushSecondHead(fx.github, 7, THIRD_HEAD);
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: THIRD_HEAD }));
    await fx.app.idle();
    expect(reviewCalls()).toBe(3);
    expect(fx.github.checkRuns.at(-1)?.head_sha).toBe(THIRD_HEAD);
    expect(botConversationReplies(fx.github)).toEqual([]);
  });

  it("lets the pull request's author pause it without write permission, and survives a restart (the state is on GitHub)", async () => {
    await start([[ASSIGNMENT]]);
    openCachePullRequest(fx.github);
    fx.github.setRole(PR_AUTHOR, "read");

    await comment("/pause", PR_AUTHOR);
    expect(decodeState(summaryBody())).toEqual({ version: 1, findings: [], paused: { by: PR_AUTHOR, at: expect.any(String) } });

    // A fresh process (no memory of the pause) still skips the push.
    await fx.app.close();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(fx.model.chatRequests).toHaveLength(0);
    expect(fx.github.checkRuns.at(-1)?.conclusion).toBe("skipped");

    // The author may not spend tokens, though.
    await comment("/review", PR_AUTHOR);
    expect(fx.model.chatRequests).toHaveLength(0);
    expect(botConversationReplies(fx.github)).toHaveLength(1);
  });
});

describe("what is not a command", () => {
  it("does nothing for a command inside a code fence, inline code or a quote, nor for an edited comment", async () => {
    await start([[ASSIGNMENT]]);
    openCachePullRequest(fx.github);
    const before = fx.github.requests.length;

    for (const body of ["```\n/review\n```", "Try `/review`.", "> /review\n\nDid you mean this?", "> @pr-reviewer review"]) await comment(body);
    const id = fx.github.addPersonIssueComment({ owner: OWNER, repo: REPO, number: 7, author: MAINTAINER, body: "/review" });
    const edited = fx.github.issueComments.find((c) => c.id === id);
    if (edited === undefined) throw new Error("missing");
    await fx.app.deliver("issue_comment", issueCommentPayload("edited", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, comment: edited }));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(0);
    expect(fx.github.reactions).toEqual([]);
    expect(botConversationReplies(fx.github)).toEqual([]);
    // Not even a lookup: quoted commands die in the parser.
    expect(fx.github.requests.slice(before).filter((r) => r.path.includes("/collaborators/"))).toEqual([]);
  });

  it("ignores comments by bots, ourselves included, and on issues that are not pull requests", async () => {
    await start();
    openCachePullRequest(fx.github);
    const other = fx.github.addOtherAppIssueComment({ owner: OWNER, repo: REPO, number: 7, app: { id: 99, slug: "ci-bot" }, body: "/review" });
    const otherComment = fx.github.issueComments.find((c) => c.id === other);
    if (otherComment === undefined) throw new Error("missing");
    await fx.app.deliver("issue_comment", issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, comment: otherComment }));
    const ours = { id: 123456, body: "/review", user: { ...otherComment.user, login: fx.github.botLogin }, performed_via_github_app: null };
    await fx.app.deliver("issue_comment", issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, comment: ours }));
    const person = { ...otherComment, user: { ...otherComment.user, login: MAINTAINER, type: "User" }, performed_via_github_app: null };
    await fx.app.deliver("issue_comment", issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, comment: person, onIssue: true }));
    await fx.app.idle();
    expect(fx.github.requests.filter((r) => r.method !== "POST" || !r.path.includes("access_tokens"))).toEqual([]);
  });
});

describe("who may run commands", () => {
  it("answers a reader once with a short reply and calls neither the model nor anything else", async () => {
    await start([[ASSIGNMENT]]);
    await openAndReview();
    fx.github.setRole("rita", "read");
    const writesBefore = fx.github.requests.filter((r) => r.method !== "GET").length;

    const first = await comment("/review full", "rita");
    await comment("/ask why?", "rita");
    await comment("/help", "rita");

    expect(reviewCalls()).toBe(1);
    expect(chatCalls()).toBe(0);
    const replies = botConversationReplies(fx.github);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("`/review full` needs at least **write** permission on this repository");
    expect(reactionsOn(fx.github, first)).toEqual([]);
    // The one reply is the only write.
    expect(fx.github.requests.filter((r) => r.method !== "GET").length - writesBefore).toBe(1);
  });

  it("denies when the permission lookup fails, after GitHub's 5xx outlasted the retries", async () => {
    fx.respond = reviewerAndChat([[ASSIGNMENT]]);
    await fx.start({ GITHUB_RETRY_BASE_MS: "1" });
    fx.github.setRole(MAINTAINER, "write");
    await openAndReview();
    fx.github.failNext({ method: "GET", path: new RegExp(`/collaborators/${MAINTAINER}/permission$`), status: 502, times: 5 });

    await comment("/review full");

    expect(reviewCalls()).toBe(1);
    expect(botConversationReplies(fx.github)[0]).toContain("needs at least **write** permission");
  });

  it("follows commands.min_permission from the repository's config", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", `commands:\n  min_permission: none\n${SECOND_LOOK_OFF}`);
    await start([[ASSIGNMENT], [ASSIGNMENT]]);
    await openAndReview();
    await comment("/review full", "stranger");
    expect(reviewCalls()).toBe(2);
    expect(fx.github.requests.some((r) => r.path.includes("/collaborators/"))).toBe(false);
  });
});

describe("the other commands", () => {
  it("/help lists the commands, the effective config and the version", async () => {
    await start();
    openCachePullRequest(fx.github);
    await comment("/help");
    const [help] = botConversationReplies(fx.github);
    expect(help).toContain("`/review full`");
    expect(help).toContain("`/forget <id>`");
    expect(help).toContain('"min_permission": "write"');
    expect(help).toMatch(/### pr-reviewer `\d+\.\d+\.\d+`/);
  });

  it("/ask answers with the model's text; the model got the diff, the description and the question, fenced", async () => {
    await start([[]], () => "A `Map` keeps insertion order, which the eviction relies on.");
    openCachePullRequest(fx.github);
    await comment("/ask Why a Map and not an object?");
    expect(chatCalls()).toBe(1);
    const request = fx.model.chatRequests[0];
    expect(request?.tools).toBeUndefined();
    const user = userText(request);
    expect(user).toContain("Why a Map and not an object?");
    expect(user).toContain("if (entry = null) {");
    expect(user).toContain("Adds a cache.");
    expect(botConversationReplies(fx.github)).toEqual(["> Why a Map and not an object?\n\nA `Map` keeps insertion order, which the eviction relies on."]);
  });

  it("/resolve resolves our open threads; an unknown command gets one reply pointing to /help", async () => {
    await start([[ASSIGNMENT]]);
    await openAndReview();
    await comment("/resolve");
    expect(fx.github.reviewThreads.map((t) => t.isResolved)).toEqual([true]);

    await comment("/deploy");
    await comment("/deploy");
    expect(botConversationReplies(fx.github)).toEqual(["I don't know the command `/deploy`. Comment `/help` for the commands I understand."]);
  });
});

describe("the operator's limits", () => {
  it("PERSON_HOURLY_COMMAND_LIMIT: a person's command over the limit is answered once with when to try again, and calls no model; free commands are not counted", async () => {
    await start([[]], () => "Because it is ordered.", { PERSON_HOURLY_COMMAND_LIMIT: "1" });
    openCachePullRequest(fx.github);
    await comment("/help");
    await comment("/ask Why a Map?");
    const refused = await comment("/ask And why not a Set?");
    await comment("/review");
    expect(chatCalls()).toBe(1);
    // A refused command gets the refusal alone, not the 👀 of one being carried out.
    expect(reactionsOn(fx.github, refused)).toEqual([]);
    expect(reviewCalls()).toBe(0);
    const replies = botConversationReplies(fx.github);
    expect(replies).toHaveLength(3);
    expect(replies[2]).toMatch(
      /^You have run 1 model-spending commands in the last hour, the limit per person \(`PERSON_HOURLY_COMMAND_LIMIT`\)\. Try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in (59 min|1 h|1 h 1 min)\)\.$/,
    );
    const metrics = await (await fetch(`${fx.app.server.url}/metrics`)).text();
    expect(metrics).toContain('pr_reviewer_budget_spent_total{budget="person_hourly_commands"} 2');
    expect(metrics).toContain('pr_reviewer_commands_total{command="ask",outcome="limited"} 1');
  });

  it("INSTALLATION_DAILY_TOKEN_BUDGET: /ask's tokens are charged to the installation, and once it is spent a command is refused without a model call", async () => {
    await start([[]], () => "Because it is ordered.", { INSTALLATION_DAILY_TOKEN_BUDGET: "10" });
    openCachePullRequest(fx.github);
    await comment("/ask Why a Map?");
    await comment("/ask And why not a Set?");
    expect(chatCalls()).toBe(1);
    const replies = botConversationReplies(fx.github);
    expect(replies).toHaveLength(2);
    expect(replies[1]).toMatch(/^The model tokens of this GitHub App installation for the last 24 hours are spent \(`INSTALLATION_DAILY_TOKEN_BUDGET`/);
    expect(replies[1]).toMatch(/Try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 24 h( 1 min)?\)\.$/);
  });
});

describe("metrics", () => {
  it("counts commands by name and outcome, and denied commands", async () => {
    await start([[ASSIGNMENT]]);
    openCachePullRequest(fx.github);
    fx.github.setRole("rita", "read");
    await comment("/help");
    await comment("/help", "rita");
    const metrics = await (await fetch(`${fx.app.server.url}/metrics`)).text();
    expect(metrics).toContain('pr_reviewer_commands_total{command="help",outcome="done"} 1');
    expect(metrics).toContain('pr_reviewer_commands_total{command="help",outcome="denied"} 1');
    expect(metrics).toContain('pr_reviewer_commands_denied_total{command="help"} 1');
  });
});
