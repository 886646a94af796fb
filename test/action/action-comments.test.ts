import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub, type ReviewCommentRecord } from "../helpers/fake-github.js";
import { startFakeModel, type FakeModel, type Respond } from "../helpers/fake-model.js";
import { startTestRedis } from "../helpers/redis-server.js";
import { examplePayload, issueCommentPayload, reviewCommentPayload } from "../helpers/webhooks.js";
import {
  ASSIGNMENT, isReviewRequest, MAINTAINER, openCachePullRequest, PR_AUTHOR, pushSecondHead, reactionsOn, reviewerAndChat, SECOND_HEAD, userText,
} from "../e2e/support/conversation.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "../e2e/support/scenario.js";
import { runActionStep, type StepRun } from "./support/run-bundle.js";

const MODEL_KEY = "sk-action-model-key-123456";
/** The job's GITHUB_TOKEN is an installation token of the GitHub Actions app, whose bot writes what the step posts. */
const ACTIONS_APP = { appId: 15368, appSlug: "github-actions" };
const ACTIONS_BOT = "github-actions[bot]";

const redis = await startTestRedis();
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

let github: FakeGitHub;
let model: FakeModel;
let respond: Respond;

beforeEach(async () => {
  respond = reviewerAndChat([[ASSIGNMENT]], () => "Yes: `entry = null` assigns instead of comparing, so the branch always runs.\nverdict: stands");
  github = await startFakeGitHub(ACTIONS_APP);
  github.addRepository({ owner: OWNER, repo: REPO });
  github.setRole(MAINTAINER, "write");
  // The second look at major findings would add a model request to the reviews these tests script; it has tests of its own.
  github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: off\n");
  model = await startFakeModel((request, index) => respond(request, index), { apiKey: MODEL_KEY });
  openCachePullRequest(github);
});

afterEach(async () => {
  await model.close();
  await github.close();
});

function stepEnv(inputs: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    GITHUB_API_URL: github.baseUrl,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    INPUT_GITHUB_TOKEN: github.createInstallationToken(),
    INPUT_OPENAI_BASE_URL: model.baseUrl,
    INPUT_OPENAI_API_KEY: MODEL_KEY,
    INPUT_FAIL_ON: "",
    INPUT_CONFIG_PATH: ".github/pr-reviewer.yml",
    MODEL_MAX_RETRIES: "0",
    MODEL_TIMEOUT_MS: "10000",
    REVIEW_PART_CONCURRENCY: "1",
    ...inputs,
  };
}

/** A person comments in the pull request's conversation; the workflow runs for `issue_comment.created`. */
function personComments(body: string, author = MAINTAINER, env: Record<string, string> = stepEnv()): Promise<StepRun & { commentId: number }> {
  const id = github.addPersonIssueComment({ owner: OWNER, repo: REPO, number: 7, author, body });
  const comment = github.issueComments.find((c) => c.id === id);
  if (comment === undefined) throw new Error("comment not stored");
  const payload = issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, pullRequestAuthor: PR_AUTHOR, comment });
  return runActionStep("issue_comment", payload, env).then((step) => ({ ...step, commentId: id }));
}

/** The workflow runs for `pull_request_review_comment.created` of a review comment the fake holds. */
function reviewCommentStep(comment: ReviewCommentRecord, env: Record<string, string> = stepEnv()): Promise<StepRun> {
  const payload = reviewCommentPayload("created", {
    owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, pullRequestAuthor: PR_AUTHOR, comment,
  });
  return runActionStep("pull_request_review_comment", payload, env);
}

function replyTo(rootId: number, body: string, author = MAINTAINER): ReviewCommentRecord {
  const id = github.addPersonReviewComment({ owner: OWNER, repo: REPO, number: 7, author, body, inReplyTo: rootId });
  const comment = github.reviewComments.find((c) => c.id === id);
  if (comment === undefined) throw new Error("reply not stored");
  return comment;
}

/** The finding our review left on line 21, written by whoever the step's token is. */
function findingOnLine21(login = ACTIONS_BOT): ReviewCommentRecord {
  const found = github.reviewComments.find((c) => c.user.login === login && c.in_reply_to_id === undefined && c.line === 21);
  if (found === undefined) throw new Error(`no finding by ${login} on line 21`);
  return found;
}

const conversationReplies = (): string[] =>
  github.issueComments.filter((c) => c.user.login === ACTIONS_BOT && !(c.body ?? "").includes("<!-- pr-reviewer:summary -->")).map((c) => c.body ?? "");
const reviewCalls = (): number => model.chatRequests.filter(isReviewRequest).length;

describe("the Action on comments, run from its committed bundle", () => {
  it("/review in an issue_comment run reviews the pull request in the same step, 👀 on the comment, and fails the step on fail_on", async () => {
    const step = await personComments("/review", MAINTAINER, stepEnv({ INPUT_FAIL_ON: "major" }));

    expect(reactionsOn(github, step.commentId)).toEqual([`${ACTIONS_BOT}:eyes`]);
    expect(reviewCalls()).toBe(1);
    expect(github.reviews.map((r) => [r.commit_id, r.user.login])).toEqual([[HEAD_SHA, ACTIONS_BOT]]);
    expect(github.reviews[0]?.comments.map((c) => c.line)).toEqual([21]);
    expect(github.checkRuns.map((r) => [r.head_sha, r.conclusion])).toEqual([[HEAD_SHA, "failure"]]);
    // The same exit-code rules as a push's review: a critical finding meets fail_on major.
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain("Failing the step: an open finding is major or worse (fail_on: major).");
    expect(step.summary).toContain("Assignment instead of comparison");
    expect(step.outputs).toEqual({ findings: "1", conclusion: "failure" });
    // The comment's job and the review it asked for share one read of the config.
    expect(github.requests.filter((r) => r.method === "GET" && decodeURIComponent(r.path).endsWith("/contents/.github/pr-reviewer.yml"))).toHaveLength(1);
    expect(github.unhandled).toEqual([]);
  });

  it("/review after a push no webhook reviewed reviews the new head; on a reviewed head it says so once and spends no tokens", async () => {
    const first = await runActionStep("pull_request", prPayload("opened"), stepEnv());
    expect(first.exitCode).toBe(0);
    const again = await personComments("/review");
    expect(again.exitCode).toBe(0);
    expect(reviewCalls()).toBe(1);
    expect(conversationReplies()).toEqual([expect.stringContaining("Nothing new to review: `aaaaaaa`, the latest commit, was already reviewed.")]);
    expect(again.summary).toContain("this commit was already reviewed");

    pushSecondHead(github);
    const afterPush = await personComments("/review");
    expect(afterPush.exitCode).toBe(0);
    expect(reviewCalls()).toBe(2);
    expect(github.checkRuns.map((r) => [r.head_sha, r.conclusion])).toEqual([[HEAD_SHA, "neutral"], [SECOND_HEAD, "neutral"]]);
    expect(afterPush.outputs["conclusion"]).toBe("neutral");
  });

  it.skipIf(redis.url === undefined)("with REDIS_URL, the budgets hold across runs: a person's second /ask over PERSON_HOURLY_COMMAND_LIMIT, and any model call once the repository's INSTALLATION_DAILY_TOKEN_BUDGET is spent, are refused", async () => {
    const shared = { REDIS_URL: redis.url ?? "", REDIS_PREFIX: `action-${randomUUID()}` };
    const limited = stepEnv({ ...shared, PERSON_HOURLY_COMMAND_LIMIT: "1" });
    expect((await personComments("/ask Why a Map?", MAINTAINER, limited)).exitCode).toBe(0);
    expect((await personComments("/ask And a Set?", MAINTAINER, limited)).exitCode).toBe(0);
    expect(model.chatRequests).toHaveLength(1);
    expect(conversationReplies().at(-1)).toMatch(/^You have run 1 model-spending commands in the last hour, the limit per person \(`PERSON_HOURLY_COMMAND_LIMIT`\)/);

    const budgeted = stepEnv({ ...shared, REDIS_PREFIX: `${shared.REDIS_PREFIX}-tokens`, INSTALLATION_DAILY_TOKEN_BUDGET: "10" });
    expect((await runActionStep("pull_request", prPayload("opened"), budgeted)).exitCode).toBe(0);
    expect(reviewCalls()).toBe(1);
    expect((await personComments("/ask Still?", MAINTAINER, budgeted)).exitCode).toBe(0);
    expect(model.chatRequests).toHaveLength(2);
    expect(conversationReplies().at(-1)).toMatch(/^The model tokens of this repository for the last 24 hours are spent \(`INSTALLATION_DAILY_TOKEN_BUDGET`/);
  });

  it("/help replies with the commands, the mention its token answers to and the version, with no model call", async () => {
    const step = await personComments("/help");
    expect(step.exitCode).toBe(0);
    expect(reactionsOn(github, step.commentId)).toEqual([`${ACTIONS_BOT}:eyes`]);
    const [help] = conversationReplies();
    expect(help).toContain("### pr-reviewer");
    expect(help).toContain("`@github-actions command`");
    expect(help).toContain("| `/review full` |");
    expect(model.chatRequests).toEqual([]);
    expect(step.summary).toContain("Did `/help` from @maria.");
    expect(step.outputs).toEqual({ findings: "0", conclusion: "skipped" });
    // Who the token is was asked once, through GraphQL (GET /app and GET /user are closed to the job's token).
    expect(github.requests.filter((r) => r.path === "/api/graphql").map((r) => JSON.stringify(r.body))).toEqual([expect.stringContaining("viewer")]);
  });

  it("/ask answers from the model; a model that fails makes the step fail with the reason, after telling the person", async () => {
    const asked = await personComments("/ask Is the cache safe when two requests miss at once?");
    expect(asked.exitCode).toBe(0);
    expect(userText(model.chatRequests[0])).toContain("Is the cache safe when two requests miss at once?");
    expect(conversationReplies()).toEqual([expect.stringContaining("`entry = null` assigns instead of comparing")]);

    respond = () => ({ status: 503, body: { error: { message: "overloaded", type: "server_error", code: null } } });
    const failed = await personComments("/ask And now?");
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/^::error title=pr-reviewer::Could not respond to `\/ask` from @maria: /m);
    expect(conversationReplies().at(-1)).toBe("I could not answer this time: the model endpoint is busy or unavailable. Ask again in a while.");
  });

  it("a comment without a command ends the step at once: no API call, no model call", async () => {
    const example = examplePayload("issue_comment", "created");
    const payload = { ...example, issue: { ...(example["issue"] as object), pull_request: { url: `${github.baseUrl}/repos/${OWNER}/${REPO}/pulls/7` } } };
    const step = await runActionStep("issue_comment", payload, stepEnv());
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("holds no command, mention or reply in a review thread");
    // Also where the run has no model key, as a review comment's run on a fork's pull request has no secrets.
    const keyless = await runActionStep("issue_comment", payload, stepEnv({ INPUT_OPENAI_API_KEY: "" }));
    expect(keyless.exitCode).toBe(0);
    expect(keyless.stdout).not.toContain("::error");
    expect(github.requests).toEqual([]);
    expect(model.requests).toEqual([]);
  });

  it("a bot's comment does nothing, a command included — our own replies, written by the job's token, among them", async () => {
    const ours = await personComments("/help");
    const reply = github.issueComments.find((c) => c.user.login === ACTIONS_BOT);
    if (reply === undefined) throw new Error("no reply");
    expect(ours.exitCode).toBe(0);
    const before = github.requests.length;
    const payload = issueCommentPayload("created", {
      owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: 7, pullRequestAuthor: PR_AUTHOR, comment: { ...reply, body: "/review full" },
    });
    const step = await runActionStep("issue_comment", payload, stepEnv());
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("is by a bot (github-actions[bot]); pr-reviewer never answers bots");
    expect(github.requests).toHaveLength(before);
    expect(model.chatRequests).toEqual([]);
  });

  it("says a once-per-person note once per run without DATA_DIR, and once for good with it", async () => {
    await personComments("/deploy now");
    await personComments("/deploy now");
    expect(conversationReplies()).toHaveLength(2);
    expect(conversationReplies()[0]).toContain("/help");

    const dataDir = mkdtempSync(join(tmpdir(), "pr-reviewer-action-data-"));
    try {
      const env = stepEnv({ DATA_DIR: dataDir });
      await personComments("/ship it", MAINTAINER, env);
      const second = await personComments("/ship it", MAINTAINER, env);
      expect(second.exitCode).toBe(0);
      expect(conversationReplies()).toHaveLength(3);
      expect(readdirSync(dataDir)).toEqual(["learnings.json"]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a person below commands.min_permission gets one short reply and no model call", async () => {
    const step = await personComments("/review", "drive-by");
    expect(step.exitCode).toBe(0);
    expect(conversationReplies()).toEqual([expect.stringContaining("`/review` needs at least **write** permission on this repository")]);
    expect(reactionsOn(github, step.commentId)).toEqual([]);
    expect(model.chatRequests).toEqual([]);
    expect(step.summary).toContain("Refused `/review` from @drive-by: below commands.min_permission.");
  });

  it("a reply in one of our threads is answered there with the model's text; our answer's own run and a stale reply cost nothing", async () => {
    expect((await runActionStep("pull_request", prPayload("opened"), stepEnv())).exitCode).toBe(0);
    const finding = findingOnLine21();
    const question = replyTo(finding.id, "Can `entry` really be null here?");

    const step = await reviewCommentStep(question);
    expect(step.exitCode).toBe(0);
    expect(reactionsOn(github, question.id)).toEqual([`${ACTIONS_BOT}:eyes`]);
    const answers = github.reviewComments.filter((c) => c.in_reply_to_id === finding.id && c.user.login === ACTIONS_BOT);
    expect(answers.map((c) => c.body)).toEqual([expect.stringContaining("`entry = null` assigns instead of comparing")]);
    const prompt = userText(model.chatRequests.at(-1));
    expect(prompt).toContain("Can `entry` really be null here?");
    expect(prompt).toContain("if (entry = null) {");
    expect(step.summary).toContain("Answered the reply of @maria in a review thread.");

    // GitHub starts no workflow for what the job's token writes, but a run for our answer would do nothing.
    const calls = model.chatRequests.length;
    const answer = answers[0];
    if (answer === undefined) throw new Error("no answer");
    expect((await reviewCommentStep(answer)).stdout).toContain("is by a bot (github-actions[bot])");
    // A reply that someone answered since is not answered again.
    replyTo(finding.id, "Never mind, found it.", "carol");
    expect((await reviewCommentStep(question)).exitCode).toBe(0);
    expect(model.chatRequests).toHaveLength(calls);
  });

  it("a reply under another tool's comment by github-actions[bot] is not taken for a reply in our thread", async () => {
    // Another workflow's linter writes with the same job token: by the same bot, but no finding of ours.
    const linter = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken() });
    const { data: lintComment } = await linter.rest.pulls.createReviewComment({
      owner: OWNER, repo: REPO, pull_number: 7, commit_id: HEAD_SHA, path: "src/cache.ts", line: 21, body: "**eslint** no-cond-assign",
    });
    expect(lintComment.user.login).toBe(ACTIONS_BOT);
    const lint = lintComment.id;
    const question = replyTo(lint, "Is this one right?");
    const step = await reviewCommentStep(question);
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain("(not-addressed)");
    expect(model.chatRequests).toEqual([]);
    expect(github.reviewComments.filter((c) => c.in_reply_to_id === lint && c.user.login === ACTIONS_BOT)).toEqual([]);
  });
});

describe("a /review run overlapping another run of the same pull request", () => {
  /** A check run of ours in progress on the head, as a push's run leaves it while it reviews (or a runner lost mid-review). */
  async function reviewInProgress(startedAt: Date): Promise<number> {
    const other = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken() });
    const { data } = await other.rest.checks.create({
      owner: OWNER, repo: REPO, name: "pr-reviewer", head_sha: HEAD_SHA, status: "in_progress", external_id: "pr-7", started_at: startedAt.toISOString(),
    });
    return data.id;
  }

  it("leaves the commit to a review running in another workflow run, instead of marking it stopped and reviewing it twice", async () => {
    const running = await reviewInProgress(new Date());
    const step = await personComments("/review");
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain("a review of this commit is running in another workflow run; it stands for this one");
    expect(model.chatRequests).toEqual([]);
    expect(github.checkRuns.map((r) => [r.id, r.status])).toEqual([[running, "in_progress"]]);
    expect(reactionsOn(github, step.commentId)).toEqual([`${ACTIONS_BOT}:eyes`]);
  });

  it("takes a check run in progress for longer than a review may live for one a lost runner left, closes it and reviews", async () => {
    // REVIEW_TIMEOUT_MS 60 s + the job's 120 s margin: three minutes ago is older than any live review.
    const stale = await reviewInProgress(new Date(Date.now() - 181_000));
    const step = await personComments("/review", MAINTAINER, stepEnv({ REVIEW_TIMEOUT_MS: "60000" }));
    expect(step.exitCode).toBe(0);
    expect(reviewCalls()).toBe(1);
    expect(github.checkRuns.find((r) => r.id === stale)).toMatchObject({ status: "completed" });
    expect(github.checkRuns.filter((r) => r.id !== stale).map((r) => r.conclusion)).toEqual(["neutral"]);
  });
});

describe("the Action on comments with a personal token (a machine user)", () => {
  it("recognises its own summary comment and findings by the account, without a check run (the Checks API is for apps)", async () => {
    respond = reviewerAndChat([[ASSIGNMENT], [ASSIGNMENT]]);
    const env = stepEnv({ INPUT_GITHUB_TOKEN: github.createPersonalToken("review-robot") });
    const first = await runActionStep("pull_request", prPayload("opened"), env);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("no check run: the token may not create one");
    // "Re-run jobs" reviews again in full: the same finding is found, and not posted twice; the summary is updated.
    const rerun = await runActionStep("pull_request", prPayload("opened"), { ...env, GITHUB_RUN_ATTEMPT: "2" });
    expect(rerun.exitCode).toBe(0);
    expect(reviewCalls()).toBe(2);
    expect(github.reviewComments.map((c) => [c.user.login, c.line])).toEqual([["review-robot", 21]]);
    expect(github.issueComments.map((c) => c.user.login)).toEqual(["review-robot"]);

    // The pause lives in that summary comment: the next push is not reviewed.
    expect((await personComments("/pause", MAINTAINER, env)).exitCode).toBe(0);
    expect(github.issueComments.map((c) => c.user.login)).toEqual(["review-robot", MAINTAINER]);
    pushSecondHead(github);
    const pushed = await runActionStep("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }), env);
    expect(pushed.exitCode).toBe(0);
    expect(pushed.summary).toContain("automatic reviews of this pull request are paused");
    expect(reviewCalls()).toBe(2);
    expect(github.checkRuns).toEqual([]);
  });

  it("recognises the machine user's findings as ours and answers people there, never the machine user itself", async () => {
    const token = github.createPersonalToken("review-robot");
    const env = stepEnv({ INPUT_GITHUB_TOKEN: token });
    expect((await runActionStep("pull_request", prPayload("opened"), env)).exitCode).toBe(0);
    const finding = findingOnLine21("review-robot");

    const question = replyTo(finding.id, "Can `entry` really be null here?");
    expect((await reviewCommentStep(question, env)).exitCode).toBe(0);
    const answers = github.reviewComments.filter((c) => c.in_reply_to_id === finding.id && c.user.login === "review-robot");
    expect(answers).toHaveLength(1);

    // Comments made with a personal token do start workflows: the run for our own answer must not answer it.
    const calls = model.chatRequests.length;
    const answer = answers[0];
    if (answer === undefined) throw new Error("no answer");
    const own = await reviewCommentStep(answer, env);
    expect(own.exitCode).toBe(0);
    expect(own.summary).toContain("written by us");
    expect(model.chatRequests).toHaveLength(calls);
    expect(github.reviewComments.filter((c) => c.in_reply_to_id === finding.id)).toHaveLength(2);
  });
});
