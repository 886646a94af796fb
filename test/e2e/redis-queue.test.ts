import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startFakeModel, type FakeModel, type Respond } from "../helpers/fake-model.js";
import { gate } from "../helpers/gate.js";
import { startTestRedis } from "../helpers/redis-server.js";
import { startAppUnderTest, type AppUnderTest } from "./support/app-under-test.js";
import { startCrashableReplica } from "./support/crashable-replica.js";
import { deliverBurst, ONE_FINDING, outcomesByPr, shaOf } from "./support/burst.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, HEAD_SHA, OWNER, prPayload, REPO } from "./support/scenario.js";

const redis = await startTestRedis();
if (redis.url === undefined) console.warn(`Skipping the Redis (BullMQ) tests: ${redis.skipReason}`);
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

const fx = useE2EFixture(() => ONE_FINDING);
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

/** Two replicas of the app sharing one Redis (a fresh key prefix per test), and one fake model. */
async function startReplicas(respond: Respond, env: Readonly<Record<string, string>> = {}): Promise<{ model: FakeModel; a: AppUnderTest; b: AppUnderTest }> {
  const model = await startFakeModel(respond);
  started.push(model);
  const shared = { REDIS_URL: redis.url ?? "", REDIS_PREFIX: `test-${randomUUID()}`, ...env };
  const a = await startAppUnderTest(fx.github, model, shared);
  started.push(a);
  const b = await startAppUnderTest(fx.github, model, shared);
  started.push(b);
  return { model, a, b };
}

const idle = (...apps: AppUnderTest[]) => Promise.all(apps.map((app) => app.idle()));

describe.skipIf(redis.url === undefined)("the BullMQ queue on Redis, two replicas", () => {
  it("reviews each of 50 PRs exactly once at its newest head when 200 deliveries are spread over both; redeliveries to the other replica change nothing", async () => {
    const latency = gate();
    const { model, a, b } = await startReplicas(async () => {
      await latency.promise;
      return ONE_FINDING;
    });
    expect([a.server.jobs.backend, b.server.jobs.backend]).toEqual(["redis", "redis"]);
    const burst = await deliverBurst(fx.github, (index) => (index % 2 === 0 ? a.deliver : b.deliver), 50, 4);
    expect(burst.results.every((r) => r.status === 200)).toBe(true);
    latency.open();
    await idle(a, b);

    const outcomes = outcomesByPr(fx.github);
    for (const [pr, newest] of burst.newest) {
      const outcome = outcomes.get(pr);
      expect(outcome?.reviews, `PR #${pr}`).toEqual([newest]);
      expect(outcome?.checkRuns.filter((run) => run.startsWith(newest)), `PR #${pr}`).toEqual([`${newest}:neutral`]);
      for (const run of outcome?.checkRuns.filter((r) => !r.startsWith(newest)) ?? []) expect(run, `PR #${pr}`).toMatch(/:cancelled$/);
    }
    // Both replicas did reviews.
    const reviewers = new Set([a, b].filter((app) => app.logs.some((line) => line.includes('"msg":"review completed"'))));
    expect(reviewers.size).toBe(2);

    const before = { requests: fx.github.requests.length, model: model.requests.length };
    const redelivered = await Promise.all(burst.sent.map((d, i) => (i % 2 === 0 ? b : a).deliver(d.event, d.payload, d.deliveryId)));
    expect(redelivered.every((r) => r.status === 200)).toBe(true);
    await idle(a, b);
    expect(fx.github.requests.length).toBe(before.requests);
    expect(model.requests.length).toBe(before.model);
  });

  it("cancels a review running on one replica when the next push reaches the other", async () => {
    const { model, a, b } = await startReplicas((_request, index) => (index === 0 ? "hang" : ONE_FINDING));
    const first = shaOf(7, 1);
    const second = shaOf(7, 2);
    addCachePullRequest(fx.github, { headSha: first });
    await a.deliver("pull_request", prPayload("opened", { headSha: first }));
    await model.waitFor((state) => state.hanging === 1);
    fx.github.pushToPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: second });
    await b.deliver("pull_request", prPayload("synchronize", { headSha: second }));
    await idle(a, b);

    expect(model.requests.filter((r) => r.path.endsWith("/chat/completions"))[0]?.status).toBe("aborted");
    expect(fx.github.reviews.map((r) => r.commit_id)).toEqual([second]);
    expect(outcomesByPr(fx.github).get(7)?.checkRuns).toEqual([`${first}:cancelled`, `${second}:neutral`]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Superseded by a newer push");
  });

  it("queues a review interrupted by one replica's shutdown again, and the next replica finishes it", async () => {
    const model = await startFakeModel((_request, index) => (index === 0 ? "hang" : ONE_FINDING));
    started.push(model);
    const env = { REDIS_URL: redis.url ?? "", REDIS_PREFIX: `test-${randomUUID()}`, SHUTDOWN_GRACE_MS: "50" };
    addCachePullRequest(fx.github);
    const first = await startAppUnderTest(fx.github, model, env);
    started.push(first);
    await first.deliver("pull_request", prPayload("opened"));
    await model.waitFor((state) => state.hanging === 1);
    await first.close();
    expect(fx.github.checkRuns.map((run) => run.conclusion)).toEqual(["cancelled"]);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("the review is queued again and another replica takes it");

    const next = await startAppUnderTest(fx.github, model, env);
    started.push(next);
    await fx.github.waitFor((github) => github.reviews.length === 1, { timeoutMs: 10_000 });
    await next.idle();
    expect(fx.github.checkRuns.map((run) => run.conclusion)).toEqual(["cancelled", "neutral"]);
    expect(fx.github.reviews).toHaveLength(1);
  });
  it("hands the review of a replica killed without SIGTERM to another replica once its lock lapses, and reviews the commit once", async () => {
    const model = await startFakeModel((_request, index) => (index === 0 ? "hang" : ONE_FINDING));
    started.push(model);
    // Short locks so the takeover happens within the test; production keeps BullMQ's 30 s.
    const env = { REDIS_URL: redis.url ?? "", REDIS_PREFIX: `test-${randomUUID()}`, QUEUE_LOCK_DURATION_MS: "1500", QUEUE_STALLED_INTERVAL_MS: "250" };
    addCachePullRequest(fx.github);
    const doomed = await startCrashableReplica(fx.github, model, env);
    started.push({ close: () => doomed.kill() });
    await doomed.deliver("pull_request", prPayload("opened"));
    await model.waitFor((state) => state.hanging === 1);
    // The survivor runs while the doomed replica still renews its lock: it must not take the job before the crash.
    const survivor = await startAppUnderTest(fx.github, model, env);
    started.push(survivor);
    await doomed.kill();

    await fx.github.waitFor((github) => github.reviews.length === 1, { timeoutMs: 15_000 });
    await survivor.idle();
    expect(fx.github.reviews.map((review) => review.commit_id)).toEqual([HEAD_SHA]);
    const calls = model.requests.filter((request) => request.path.endsWith("/chat/completions"));
    expect(calls.map((call) => call.status)).toEqual(["aborted", 200]);

    // The dead replica's check run is closed by the survivor before it reviews again, so nothing spins forever.
    expect(fx.github.checkRuns.map((run) => `${run.head_sha}:${run.conclusion ?? run.status}`)).toEqual([`${HEAD_SHA}:cancelled`, `${HEAD_SHA}:neutral`]);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The process running this review stopped before it finished");
    const survivorLog = survivor.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(survivorLog.filter((line) => String(line["msg"]).startsWith("a review job's replica stopped renewing its lock"))).toHaveLength(1);
    expect(survivorLog.filter((line) => line["msg"] === "review completed")).toHaveLength(1);
    expect(doomed.logs.some((line) => line.includes('"msg":"review completed"'))).toBe(false);
  });
});
