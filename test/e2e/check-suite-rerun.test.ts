import { describe, expect, it } from "vitest";
import { toolCallCompletion, type Respond } from "../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../helpers/git-patch.js";
import { checkSuitePayload } from "../helpers/webhooks.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const patch = gitPatch(numberedLines(30), numberedLines(30, (n) => (n === 10 ? "return cache.get(key)!;" : `line ${n}`)));
const nonNull = { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` can miss." };
const sameFindingEachTime: Respond = (_request, index) => toolCallCompletion("submit_review", { summary: `Review ${index + 1}.`, findings: [nonNull] });

const fx = useE2EFixture(sameFindingEachTime);

function openPullRequest(fork?: { owner: string; repo: string }): void {
  fx.github.addPullRequest({
    owner: OWNER, repo: REPO, number: 7, title: "Cache lookups", body: "Adds a cache.", headSha: HEAD_SHA, baseSha: BASE_SHA,
    files: [{ filename: "src/cache.ts", status: "modified", patch }], ...(fork === undefined ? {} : { headRepo: fork }),
  });
}

async function reviewOnce(): Promise<void> {
  await fx.app.deliver("pull_request", prPayload("opened"));
  await fx.app.idle();
  expect(fx.github.checkRuns.map((run) => run.conclusion)).toEqual(["neutral"]);
}

function rerunAllChecks(options: { pullRequests: readonly number[]; appId?: number }) {
  return checkSuitePayload("rerequested", {
    owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkSuiteId: 5150, headSha: HEAD_SHA, appId: options.appId ?? fx.github.appId,
    pullRequests: options.pullRequests.map((number) => ({ number, headSha: HEAD_SHA, baseSha: BASE_SHA })),
  });
}

const lookups = () => fx.github.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/commits/${HEAD_SHA}/pulls`);

describe("GitHub's Re-run all checks (check_suite.rerequested)", () => {
  it("reviews each pull request of our suite again in full, in a new check run, once per delivery", async () => {
    await fx.start();
    openPullRequest();
    await reviewOnce();

    const payload = rerunAllChecks({ pullRequests: [7] });
    const first = await fx.app.deliver("check_suite", payload);
    expect(first.status).toBe(200);
    await fx.app.idle();
    // A redelivery of the same delivery reviews nothing more.
    expect((await fx.app.deliver("check_suite", payload, first.deliveryId)).status).toBe(200);
    await fx.app.idle();

    expect(fx.github.checkRuns.map((run) => [run.head_sha, run.external_id, run.conclusion])).toEqual([
      [HEAD_SHA, "pr-7", "neutral"],
      [HEAD_SHA, "pr-7", "neutral"],
    ]);
    // Forced past "this commit was reviewed", and the whole pull request, not an increment.
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.userMessage(1)).toMatch(/^10 \+return cache\.get\(key\)!;$/m);
    // The finding already on the PR is not posted twice; the one summary is updated in place.
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.github.issueComments).toHaveLength(1);
    expect(fx.github.issueComments[0]?.body).toContain("Review 2.");
    // The suite named its pull request: nothing had to be looked up.
    expect(lookups()).toEqual([]);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("ignores another app's suite", async () => {
    await fx.start();
    openPullRequest();
    await reviewOnce();

    expect((await fx.app.deliver("check_suite", rerunAllChecks({ pullRequests: [7], appId: fx.github.appId + 1 }))).status).toBe(200);
    await fx.app.idle();
    expect(fx.github.checkRuns).toHaveLength(1);
    expect(fx.model.chatRequests).toHaveLength(1);
  });

  it("finds a same-repository pull request by the suite's commit when the suite lists none", async () => {
    await fx.start();
    openPullRequest();
    await reviewOnce();

    expect((await fx.app.deliver("check_suite", rerunAllChecks({ pullRequests: [] }))).status).toBe(200);
    await fx.app.idle();

    expect(lookups()).toHaveLength(1);
    expect(fx.github.checkRuns.map((run) => [run.external_id, run.conclusion])).toEqual([["pr-7", "neutral"], ["pr-7", "neutral"]]);
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("finds a fork's pull request through our check run on the commit when GitHub links none to it", async () => {
    await fx.start();
    openPullRequest({ owner: "contributor", repo: REPO });
    await reviewOnce();

    expect((await fx.app.deliver("check_suite", rerunAllChecks({ pullRequests: [] }))).status).toBe(200);
    await fx.app.idle();

    // GitHub's commit lookup knows no PR for a fork's commit; our check run's external_id names it.
    expect(lookups().map((r) => r.status)).toEqual([200]);
    const runLookups = fx.github.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/commits/${HEAD_SHA}/check-runs` && r.query["filter"] === "all");
    // One listing by the commit lookup, and one by each review reading its record (the first review and the re-run).
    expect(runLookups).toHaveLength(3);
    expect(fx.github.checkRuns.map((run) => [run.external_id, run.conclusion])).toEqual([["pr-7", "neutral"], ["pr-7", "neutral"]]);
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("reviews nothing when the pull request found for the commit is closed", async () => {
    await fx.start();
    openPullRequest();
    await reviewOnce();
    fx.github.updatePullRequest({ owner: OWNER, repo: REPO, number: 7, state: "closed" });

    expect((await fx.app.deliver("check_suite", rerunAllChecks({ pullRequests: [] }))).status).toBe(200);
    await fx.app.idle();

    // The closed PR is still found through our check run, and its job then sees that it is closed.
    expect(fx.github.checkRuns).toHaveLength(1);
    expect(fx.model.chatRequests).toHaveLength(1);
  });
});
