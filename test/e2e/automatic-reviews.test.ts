import { describe, expect, it } from "vitest";
import { decodeState } from "../../src/core/incremental/review-state.js";
import { checkRunPayload, pullRequestPayload } from "../helpers/webhooks.js";
import {
  ASSIGNMENT, BASE_FILE, botConversationReplies, cacheFile, FIRST_FILE, isReviewRequest, MAINTAINER, personComments, pushSecondHead, reviewerAndChat, SECOND_HEAD, THIRD_HEAD,
} from "./support/conversation.js";
import { gitPatch } from "../helpers/git-patch.js";
import { SECOND_LOOK_OFF, useE2EFixture } from "./support/e2e-fixture.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

/** Someone outside the repository, with a fork of their own; the fake GitHub gives unknown people `read`. */
const STRANGER = "stranger";
const FORK = { owner: STRANGER, repo: REPO };
const NOTICE = /Pushes to this pull request are not reviewed automatically/g;

async function start(config: string | undefined, reviews: readonly (readonly object[])[] = [[ASSIGNMENT]], env: Readonly<Record<string, string>> = {}): Promise<void> {
  if (config !== undefined) fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", `${config}${SECOND_LOOK_OFF}`);
  fx.respond = reviewerAndChat(reviews);
  await fx.start(env);
  fx.github.setRole(MAINTAINER, "write");
}

/** Pull request #7 by `author`, from their fork (`fork: true`) or from a branch of the repository. */
function openPullRequest(author: string, fork: boolean): void {
  fx.github.addPullRequest({
    owner: OWNER, repo: REPO, number: 7, title: "Cache lookups", body: "Adds a cache.", headSha: HEAD_SHA, baseSha: BASE_SHA, author,
    files: [cacheFile(gitPatch(BASE_FILE, FIRST_FILE))], ...(fork ? { headRepo: FORK } : {}),
  });
  fx.github.setFile(OWNER, REPO, "src/cache.ts", FIRST_FILE, HEAD_SHA);
}

async function deliver(action: "opened" | "synchronize", author: string, fork: boolean, headSha = HEAD_SHA): Promise<void> {
  const payload = pullRequestPayload(action, {
    owner: OWNER, repo: REPO, number: 7, headSha, baseSha: BASE_SHA, installationId: INSTALLATION_ID, title: "Cache lookups", body: "Adds a cache.", author,
    ...(fork ? { headRepo: FORK } : {}),
  });
  expect((await fx.app.deliver("pull_request", payload)).status).toBe(200);
  await fx.app.idle();
}

async function comment(body: string, author = MAINTAINER): Promise<void> {
  const { delivery } = await personComments(fx.github, fx.app, body, author);
  expect(delivery.status).toBe(200);
  await fx.app.idle();
}

const reviewCalls = () => fx.model.chatRequests.filter(isReviewRequest).length;
const summaryBody = () => fx.github.issueComments.find((c) => (c.body ?? "").includes("<!-- pr-reviewer:summary -->"))?.body ?? "";
const summaryWrites = () => fx.github.requests.filter((r) => r.method !== "GET" && /\/issues\/(7\/)?comments/.test(r.path)).length;
const permissionLookups = (login: string) => fx.github.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/collaborators/${login}/permission`).length;
const lastCheckRun = () => {
  const run = fx.github.checkRuns.at(-1);
  return [run?.head_sha, run?.status, run?.conclusion, run?.output.title];
};

describe("automatic_reviews.forks: false", () => {
  it("does not review a fork's pushes: a skipped check run each, the summary says why once; a maintainer's /review reviews it", async () => {
    await start("automatic_reviews:\n  forks: false\n");
    openPullRequest(STRANGER, true);

    await deliver("opened", STRANGER, true);
    expect(reviewCalls()).toBe(0);
    expect(fx.github.reviews).toEqual([]);
    expect(lastCheckRun()).toEqual([HEAD_SHA, "completed", "skipped", "Not reviewed automatically — comment /review"]);
    expect(fx.github.checkRuns.at(-1)?.output.summary).toContain("it comes from a fork");
    expect(summaryBody().match(NOTICE)).toHaveLength(1);
    expect(summaryBody()).toContain("`automatic_reviews.forks: false`");
    expect(summaryBody()).toContain("A maintainer can comment `/review`");
    expect(decodeState(summaryBody())).toEqual({ version: 1, findings: [], notAutomatic: { reason: "fork", ask: "command" } });
    expect(summaryWrites()).toBe(1);

    // The next push: another skipped check run, and nothing more in the conversation.
    pushSecondHead(fx.github);
    await deliver("synchronize", STRANGER, true, SECOND_HEAD);
    expect(reviewCalls()).toBe(0);
    expect(fx.github.checkRuns.map((run) => [run.head_sha, run.conclusion])).toEqual([[HEAD_SHA, "skipped"], [SECOND_HEAD, "skipped"]]);
    expect(summaryWrites()).toBe(1);
    // A fork refused as such costs no permission lookup.
    expect(permissionLookups(STRANGER)).toBe(0);

    await comment("/review");
    expect(reviewCalls()).toBe(1);
    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([SECOND_HEAD]);
    expect([fx.github.checkRuns.at(-1)?.head_sha, fx.github.checkRuns.at(-1)?.conclusion]).toEqual([SECOND_HEAD, "neutral"]);
    // The review keeps the notice (pushes are still not reviewed), once, at the top.
    expect(summaryBody().match(NOTICE)).toHaveLength(1);
    expect(summaryBody().search(NOTICE)).toBeLessThan(summaryBody().indexOf("### Walkthrough"));
    expect(decodeState(summaryBody())).toMatchObject({ headSha: SECOND_HEAD, notAutomatic: { reason: "fork" } });
    expect(botConversationReplies(fx.github)).toEqual([]);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("still reviews pull requests from the repository's own branches", async () => {
    await start("automatic_reviews:\n  forks: false\n");
    openPullRequest(MAINTAINER, false);
    await deliver("opened", MAINTAINER, false);
    expect(reviewCalls()).toBe(1);
    expect(summaryBody()).not.toMatch(NOTICE);
  });
});

describe("automatic_reviews.min_author_permission", () => {
  it("does not review a fork by an author below it (one lookup per push); once the author has it, a push is reviewed and the notice goes", async () => {
    await start("automatic_reviews:\n  min_author_permission: write\n");
    openPullRequest(STRANGER, true);

    await deliver("opened", STRANGER, true);
    expect(reviewCalls()).toBe(0);
    expect(permissionLookups(STRANGER)).toBe(1);
    expect(lastCheckRun()).toEqual([HEAD_SHA, "completed", "skipped", "Not reviewed automatically — comment /review"]);
    expect(summaryBody().match(NOTICE)).toHaveLength(1);
    expect(summaryBody()).toContain("its author, `stranger`, is not known to have `write` permission on this repository");
    expect(summaryBody()).not.toContain("@stranger");

    fx.github.setRole(STRANGER, "write");
    pushSecondHead(fx.github);
    await deliver("synchronize", STRANGER, true, SECOND_HEAD);
    expect(permissionLookups(STRANGER)).toBe(2);
    expect(reviewCalls()).toBe(1);
    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([SECOND_HEAD]);
    expect(summaryBody()).not.toMatch(NOTICE);
    expect(decodeState(summaryBody())?.notAutomatic).toBeUndefined();
  });

  it("reviews a pull request from a branch of the repository without a lookup: only a writer can push it", async () => {
    await start("automatic_reviews:\n  min_author_permission: write\n");
    openPullRequest("octocat", false);
    await deliver("opened", "octocat", false);
    expect(reviewCalls()).toBe(1);
    expect(fx.github.requests.some((r) => r.path.includes("/collaborators/"))).toBe(false);
  });

  it("counts a failed lookup as too little; GitHub's Re-run on the skipped check run reviews it anyway", async () => {
    await start("automatic_reviews:\n  min_author_permission: read\n", [[ASSIGNMENT]], { GITHUB_RETRY_BASE_MS: "1" });
    fx.github.setRole(STRANGER, "read");
    openPullRequest(STRANGER, true);
    fx.github.failNext({ method: "GET", path: new RegExp(`/collaborators/${STRANGER}/permission$`), status: 502, times: 5 });

    await deliver("opened", STRANGER, true);
    expect(reviewCalls()).toBe(0);
    expect(lastCheckRun()).toEqual([HEAD_SHA, "completed", "skipped", "Not reviewed automatically — comment /review"]);
    expect(decodeState(summaryBody())?.notAutomatic).toEqual({ reason: "author-permission", author: STRANGER, required: "read", ask: "command" });

    const lookupsBefore = permissionLookups(STRANGER);
    const skipped = fx.github.checkRuns[0];
    if (skipped === undefined) throw new Error("no check run for the skipped push");
    const rerun = checkRunPayload("rerequested", {
      owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkRunId: skipped.id, headSha: HEAD_SHA, name: "pr-reviewer", appId: fx.github.appId,
      externalId: "pr-7", pullRequests: [],
    });
    expect((await fx.app.deliver("check_run", rerun)).status).toBe(200);
    await fx.app.idle();
    expect(reviewCalls()).toBe(1);
    expect([fx.github.checkRuns.at(-1)?.head_sha, fx.github.checkRuns.at(-1)?.conclusion]).toEqual([HEAD_SHA, "neutral"]);
    // A re-run is asked for: no lookup of its own.
    expect(permissionLookups(STRANGER)).toBe(lookupsBefore);
  });
});

describe("the defaults", () => {
  it("review every pull request, a stranger's fork included, without a lookup or a notice", async () => {
    await start(undefined, [[ASSIGNMENT], []]);
    openPullRequest(STRANGER, true);
    await deliver("opened", STRANGER, true);
    pushSecondHead(fx.github, 7, THIRD_HEAD);
    await deliver("synchronize", STRANGER, true, THIRD_HEAD);

    expect(reviewCalls()).toBe(2);
    expect(fx.github.checkRuns.map((run) => run.conclusion)).toEqual(["neutral", "neutral"]);
    expect(fx.github.requests.some((r) => r.path.includes("/collaborators/"))).toBe(false);
    expect(summaryBody()).not.toMatch(NOTICE);
    expect(decodeState(summaryBody())?.notAutomatic).toBeUndefined();
  });
});
