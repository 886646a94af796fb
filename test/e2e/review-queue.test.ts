import { describe, expect, it } from "vitest";
import { Octokit } from "@octokit/rest";
import { secondaryRateLimit } from "../helpers/fake-github.js";
import { gate } from "../helpers/gate.js";
import { checkRunPayload } from "../helpers/webhooks.js";
import { startAppUnderTest } from "./support/app-under-test.js";
import { deliverBurst, ONE_FINDING, outcomesByPr, shaOf } from "./support/burst.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture(() => ONE_FINDING);

describe("the review queue, end to end", () => {
  it("reviews each of 50 PRs exactly once, for its newest head, after a burst of 200 deliveries; redelivering all of them changes nothing", async () => {
    const modelLatency = gate();
    fx.respond = async () => {
      await modelLatency.promise;
      return ONE_FINDING;
    };
    await fx.start();
    const burst = await deliverBurst(fx.github, () => fx.app.deliver, 50, 4);
    expect(burst.results.map((r) => r.status)).toEqual(Array.from({ length: 200 }, () => 200));
    modelLatency.open();
    await fx.app.idle();

    expect(fx.github.unhandled).toEqual([]);
    const outcomes = outcomesByPr(fx.github);
    expect(outcomes.size).toBe(50);
    for (const [pr, newest] of burst.newest) {
      const outcome = outcomes.get(pr);
      expect(outcome?.reviews, `PR #${pr}`).toEqual([newest]);
      // The newest head's check run is the review; any older head's run was cancelled by the newer push.
      expect(outcome?.checkRuns.filter((run) => run.startsWith(newest)), `PR #${pr}`).toEqual([`${newest}:neutral`]);
      for (const run of outcome?.checkRuns.filter((r) => !r.startsWith(newest)) ?? []) expect(run, `PR #${pr}`).toMatch(/:cancelled$/);
    }

    const before = { requests: fx.github.requests.length, model: fx.model.requests.length };
    const redelivered = await Promise.all(burst.sent.map((d) => fx.app.deliver(d.event, d.payload, d.deliveryId)));
    expect(redelivered.every((r) => r.status === 200)).toBe(true);
    await fx.app.idle();
    expect(fx.github.requests.length).toBe(before.requests);
    expect(fx.model.requests.length).toBe(before.model);
    expect(fx.github.reviews).toHaveLength(50);
  });

  it("does not review an already reviewed head again after a restart (the record is GitHub's check run), unless Re-run is pressed", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"), "first-delivery");
    await fx.app.idle();
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);

    // A fresh process remembers no delivery: what it knows comes from GitHub.
    const restarted = await startAppUnderTest(fx.github, fx.model);
    try {
      await restarted.deliver("pull_request", prPayload("opened"), "first-delivery");
      await restarted.idle();
      await restarted.deliver("pull_request", prPayload("reopened"));
      await restarted.idle();
      expect(fx.github.checkRuns).toHaveLength(1);
      expect(fx.github.reviews).toHaveLength(1);
      expect(fx.model.chatRequests).toHaveLength(1);
      const skipped = restarted.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => String(l["msg"]).startsWith("commit already reviewed"));
      expect(skipped).toHaveLength(2);
      expect(skipped[0]).toMatchObject({ deliveryId: "first-delivery", headSha: HEAD_SHA, pr: 7 });

      const first = fx.github.checkRuns[0];
      const rerun = checkRunPayload("rerequested", {
        owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkRunId: first?.id ?? 0, headSha: HEAD_SHA,
        name: "pr-reviewer", appId: fx.github.appId, externalId: "pr-7", pullRequests: [],
      });
      await restarted.deliver("check_run", rerun);
      await restarted.idle();
      // Re-run reviews the commit again; the same findings are already on the PR, so no second review repeats them.
      expect(fx.model.chatRequests).toHaveLength(2);
      expect(fx.github.checkRuns.map((run) => `${run.head_sha}:${run.conclusion ?? run.status}`)).toEqual([`${HEAD_SHA}:neutral`, `${HEAD_SHA}:neutral`]);
      expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([HEAD_SHA]);
    } finally {
      await restarted.close();
    }
  });

  it("cancels the running review of the first push when a second push arrives, posts nothing for it, and reviews the second", async () => {
    fx.respond = (_request, index) => (index === 0 ? "hang" : ONE_FINDING);
    await fx.start();
    const first = shaOf(7, 1);
    const second = shaOf(7, 2);
    addCachePullRequest(fx.github, { headSha: first });
    await fx.app.deliver("pull_request", prPayload("opened", { headSha: first }));
    await fx.model.waitFor((model) => model.hanging === 1);

    fx.github.pushToPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: second });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: second }));
    await fx.app.idle();

    expect(fx.model.requests.filter((r) => r.path.endsWith("/chat/completions"))[0]?.status).toBe("aborted");
    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([second]);
    const [cancelled, reviewed] = fx.github.checkRuns;
    expect(cancelled).toMatchObject({ head_sha: first, status: "completed", conclusion: "cancelled" });
    expect(cancelled?.output.title).toBe("Superseded by a newer push");
    expect(cancelled?.output.summary).toContain(`A newer commit (${second.slice(0, 7)}) was pushed while commit ${first.slice(0, 7)} was being reviewed`);
    expect(reviewed).toMatchObject({ head_sha: second, status: "completed", conclusion: "neutral" });
  });

  it("completes the superseded review's check run as cancelled even when GitHub answers its completion with a 502", async () => {
    fx.respond = (_request, index) => (index === 0 ? "hang" : ONE_FINDING);
    await fx.start({ GITHUB_RETRY_BASE_MS: "5" });
    const first = shaOf(7, 1);
    const second = shaOf(7, 2);
    addCachePullRequest(fx.github, { headSha: first });
    await fx.app.deliver("pull_request", prPayload("opened", { headSha: first }));
    await fx.model.waitFor((model) => model.hanging === 1);
    // The next check-run update is the cancelled review's completion, made after its job was stopped.
    fx.github.failNext({ method: "PATCH", path: /\/check-runs\/\d+$/, status: 502 });

    fx.github.pushToPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: second });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: second }));
    await fx.app.idle();

    expect(fx.github.checkRuns.map((run) => `${run.head_sha}:${run.conclusion ?? run.status}`)).toEqual([`${first}:cancelled`, `${second}:neutral`]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Superseded by a newer push");
  });

  it("times a hanging model out (check run timed_out, saying so), and the next review works", async () => {
    fx.respond = (_request, index) => (index === 0 ? "hang" : ONE_FINDING);
    await fx.start({ REVIEW_TIMEOUT_MS: "1000" });
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:timed_out"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Review timed out");
    expect(fx.github.checkRuns[0]?.output.summary).toContain(
      "The review did not finish in time: the review's time limit (REVIEW_TIMEOUT_MS, 1000 ms) ran out before this part was reviewed",
    );
    expect(fx.github.reviews).toEqual([]);

    const next = "d".repeat(40);
    fx.github.pushToPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: next });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: next }));
    await fx.app.idle();
    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([next]);
    expect(fx.checkRunStates().slice(2)).toEqual(["in_progress", "completed:neutral"]);
  });

  it("sheds reviews beyond QUEUE_MAX_WAITING with a check run that says so", async () => {
    const hold = gate();
    fx.respond = async () => {
      await hold.promise;
      return ONE_FINDING;
    };
    await fx.start({ REVIEW_CONCURRENCY: "1", QUEUE_MAX_WAITING: "1" });
    for (const pr of [1, 2, 3]) addCachePullRequest(fx.github, { number: pr });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 1 }));
    await fx.model.waitFor((model) => model.chatRequests.length === 1);
    await fx.app.deliver("pull_request", prPayload("opened", { number: 2 }));
    await fx.app.deliver("pull_request", prPayload("opened", { number: 3 }));
    hold.open();
    await fx.app.idle();

    const outcomes = outcomesByPr(fx.github);
    expect(outcomes.get(1)?.checkRuns).toEqual([`${HEAD_SHA}:neutral`]);
    expect(outcomes.get(2)?.checkRuns).toEqual([`${HEAD_SHA}:neutral`]);
    expect(outcomes.get(3)?.checkRuns).toEqual([`${HEAD_SHA}:cancelled`]);
    const shed = fx.github.checkRuns.find((run) => run.external_id === "pr-3");
    expect(shed?.output.title).toBe("Review not started");
    expect(shed?.output.summary).toContain("The review queue was full (1 reviews waiting, QUEUE_MAX_WAITING=1)");
    const logged = fx.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => String(l["msg"]).startsWith("review queue full"));
    expect(logged).toMatchObject({ level: 40, key: `${OWNER}/${REPO}#3` });
  });

  it("limits model calls across reviews to MODEL_CONCURRENCY", async () => {
    const hold = gate();
    fx.respond = async () => {
      await hold.promise;
      return ONE_FINDING;
    };
    await fx.start({ REVIEW_CONCURRENCY: "4", MODEL_CONCURRENCY: "2" });
    for (const pr of [1, 2, 3, 4]) {
      addCachePullRequest(fx.github, { number: pr });
      await fx.app.deliver("pull_request", prPayload("opened", { number: pr }));
    }
    await fx.model.waitFor((model) => model.chatRequests.length === 2);
    // Four reviews run; two wait for a model slot, having listed their files already.
    await fx.github.waitFor((github) => github.requests.filter((r) => r.path.endsWith("/files")).length === 4);
    expect(fx.model.chatRequests).toHaveLength(2);
    hold.open();
    await fx.app.idle();
    expect(fx.github.reviews).toHaveLength(4);
  });
  it("cuts short a GitHub write waiting out a 10-minute rate limit when SIGTERM's grace period ends, and says the review was interrupted", async () => {
    await fx.start({ SHUTDOWN_GRACE_MS: "50", GITHUB_RETRY_MAX_WAIT_MS: "900000" });
    addCachePullRequest(fx.github);
    const reviews = `/repos/${OWNER}/${REPO}/pulls/7/reviews`;
    fx.github.failNext({ method: "POST", path: reviews, ...secondaryRateLimit(600) });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.github.waitFor((github) => github.requests.some((r) => r.method === "POST" && r.path === reviews && r.status === 403));
    // Without an abortable wait this would take ten minutes and the test would time out.
    await fx.app.close();

    expect(fx.github.reviews).toEqual([]);
    expect(fx.github.requests.filter((r) => r.method === "POST" && r.path === reviews)).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:cancelled"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Review interrupted");
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The reviewer was shut down (SIGTERM) before this review finished");
    const logged = fx.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.find((l) => l["msg"] === "GitHub rate limit: waiting before retrying")).toMatchObject({
      request: "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", waitMs: 600_000,
    });
  });
});

describe("a review left unfinished by a process that died", () => {
  it("completes the check run it left in progress before reviewing the commit again", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    // What a crashed process leaves: our check run on the commit, in progress, for this pull request.
    const github = new Octokit({ baseUrl: fx.github.baseUrl, auth: fx.github.createInstallationToken(INSTALLATION_ID) });
    await github.rest.checks.create({ owner: OWNER, repo: REPO, name: "pr-reviewer", head_sha: HEAD_SHA, status: "in_progress", external_id: "pr-7" });

    await fx.app.deliver("pull_request", prPayload("reopened"));
    await fx.app.idle();

    expect(fx.github.checkRuns.map((run) => `${run.conclusion ?? run.status}`)).toEqual(["cancelled", "neutral"]);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The process running this review stopped before it finished");
    expect(fx.github.reviews).toHaveLength(1);
  });
});
