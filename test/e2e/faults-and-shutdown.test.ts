import { describe, expect, it } from "vitest";
import { secondaryRateLimit } from "../helpers/fake-github.js";
import { gate } from "../helpers/gate.js";
import { ONE_FINDING } from "./support/burst.js";
import { MODEL_API_KEY, WEBHOOK_SECRET } from "./support/app-under-test.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, HEAD_SHA, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture(() => ONE_FINDING);
const REVIEWS_PATH = `/repos/${OWNER}/${REPO}/pulls/7/reviews`;
const FAST_RETRIES = { GITHUB_RETRY_BASE_MS: "5" };

function logEntries(): Array<Record<string, unknown>> {
  return fx.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("GitHub faults", () => {
  it("waits out a secondary rate limit on the review (retry-after) and posts it once", async () => {
    await fx.start(FAST_RETRIES);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "POST", path: REVIEWS_PATH, ...secondaryRateLimit(1) });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const posts = fx.github.requests.filter((r) => r.method === "POST" && r.path === REVIEWS_PATH);
    expect(posts.map((r) => r.status)).toEqual([403, 200]);
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(logEntries().find((l) => l["msg"] === "GitHub rate limit: waiting before retrying")).toMatchObject({
      request: "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", limit: "secondary", waitMs: 1000, deliveryId: expect.any(String), pr: 7,
    });
    // A rate-limited write had no effect: it is sent again without looking for an earlier review.
    expect(fx.github.requests.some((r) => r.method === "GET" && r.path === REVIEWS_PATH)).toBe(false);
  });

  it("does not post a second review when GitHub created the first and answered 502", async () => {
    await fx.start(FAST_RETRIES);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "POST", path: REVIEWS_PATH, status: 502, afterEffect: true });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.github.requests.filter((r) => r.method === "POST" && r.path === REVIEWS_PATH)).toHaveLength(1);
    expect(fx.github.requests.some((r) => r.method === "GET" && r.path === REVIEWS_PATH)).toBe(true);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
  });

  it("retries a 5xx on the check run's creation and completion without leaving a second run", async () => {
    await fx.start(FAST_RETRIES);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "POST", path: `/repos/${OWNER}/${REPO}/check-runs`, status: 502, afterEffect: true });
    fx.github.failNext({ method: "PATCH", path: /\/check-runs\/\d+$/, status: 503 });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.checkRuns).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(fx.github.reviews).toHaveLength(1);
  });

  it("completes a check run with the reason when the job fails before the review starts", async () => {
    await fx.start(FAST_RETRIES);
    addCachePullRequest(fx.github);
    // A read is retried after a 5xx (GITHUB_WRITE_RETRIES, 4): the fifth failure ends the job.
    fx.github.failNext({ method: "GET", path: `/repos/${OWNER}/${REPO}/commits/${HEAD_SHA}/check-runs`, status: 500, times: 5 });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.checkRunStates()).toEqual(["completed:failure"]);
    expect(fx.github.checkRuns[0]?.output.summary).toBe(
      "The review could not be completed: looking up earlier reviews of this commit failed: Internal Server Error - https://docs.github.com/rest",
    );
    expect(fx.model.requests).toEqual([]);
    expect(fx.github.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/commits/${HEAD_SHA}/check-runs` && r.method === "GET").map((r) => r.status)).toEqual([
      500, 500, 500, 500, 500,
    ]);
  });
});

describe("shutdown (what SIGTERM runs)", () => {
  it("drains: reports not ready, refuses new webhooks, and lets the running review finish and post", async () => {
    const hold = gate();
    fx.respond = async () => {
      await hold.promise;
      return ONE_FINDING;
    };
    await fx.start();
    addCachePullRequest(fx.github);
    addCachePullRequest(fx.github, { number: 8 });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.model.waitFor((model) => model.chatRequests.length === 1);

    const stopped = fx.app.close();
    const ready = await fetch(`${fx.app.server.url}/readyz`, { headers: { connection: "close" } });
    expect(ready.status).toBe(503);
    const late = await fx.app.deliver("pull_request", prPayload("opened", { number: 8 }));
    expect(late.status).toBe(500);
    hold.open();
    await stopped;

    expect(fx.github.reviews.map((r) => r.pull_number)).toEqual([7]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
  });

  it("marks a review still running after the grace period as interrupted, posting nothing", async () => {
    fx.respond = () => "hang";
    await fx.start({ SHUTDOWN_GRACE_MS: "50" });
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.model.waitFor((model) => model.hanging === 1);
    await fx.app.close();

    expect(fx.github.reviews).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:cancelled"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Review interrupted");
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The reviewer was shut down (SIGTERM) before this review finished");
  });
});

describe("observability", () => {
  it("serves /healthz, /readyz and Prometheus /metrics with review, model and GitHub counters", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const get = (path: string) => fetch(`${fx.app.server.url}${path}`, { headers: { connection: "close" } });
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(200);
    const metrics = await get("/metrics");
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toContain('pr_reviewer_reviews_total{state="started"} 1');
    expect(text).toContain('pr_reviewer_reviews_total{state="completed"} 1');
    expect(text).toContain('pr_reviewer_reviews_total{state="cancelled"} 0');
    expect(text).toMatch(/pr_reviewer_review_duration_seconds_count\{result="completed"\} 1/);
    expect(text).toContain("pr_reviewer_queue_depth 0");
    expect(text).toMatch(/pr_reviewer_model_tokens_total\{direction="in"\} [1-9]/);
    expect(text).toMatch(/pr_reviewer_github_requests_total\{status="201"\} [1-9]/);
  });

  it("counts failed model calls by kind", async () => {
    fx.respond = () => ({ status: 401, body: { error: { message: "bad key", type: "invalid_request_error", param: null, code: "invalid_api_key" } } });
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    const text = await (await fetch(`${fx.app.server.url}/metrics`, { headers: { connection: "close" } })).text();
    expect(text).toContain('pr_reviewer_model_call_errors_total{kind="auth"} 1');
    expect(text).toContain('pr_reviewer_reviews_total{state="failed"} 1');
  });

  it("logs every line of a review with its delivery, repo, PR and head SHA, and no secret anywhere", async () => {
    await fx.start(FAST_RETRIES);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "POST", path: REVIEWS_PATH, status: 502 });
    await fx.app.deliver("pull_request", prPayload("opened"), "delivery-logs");
    await fx.app.idle();

    const reviewLines = logEntries().filter((l) => ["review planned", "GitHub write failed; retrying", "review completed"].includes(String(l["msg"])));
    expect(reviewLines.map((l) => l["msg"])).toEqual(["review planned", "GitHub write failed; retrying", "review completed"]);
    for (const line of reviewLines) expect(line).toMatchObject({ deliveryId: "delivery-logs", repo: `${OWNER}/${REPO}`, pr: 7, headSha: HEAD_SHA });
    const text = fx.app.logs.join("\n");
    expect(text).not.toContain(MODEL_API_KEY);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toMatch(/ghs_[A-Za-z0-9]{10,}/);
  });
});
