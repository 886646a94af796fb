import { describe, expect, it } from "vitest";
import { graphqlRateLimit, secondaryRateLimit } from "../helpers/fake-github.js";
import { toolCallCompletion, type Respond } from "../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../helpers/git-patch.js";
import { ONE_FINDING } from "./support/burst.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, BASE_SHA, HEAD_SHA, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture(() => ONE_FINDING);
const FILES_PATH = `/repos/${OWNER}/${REPO}/pulls/7/files`;
const REVIEWS_PATH = `/repos/${OWNER}/${REPO}/pulls/7/reviews`;
const GRAPHQL_PATH = "/api/graphql";
/** The minute GitHub asks for when it names no wait, shortened so the tests do not wait it. */
const SHORT_DEFAULT_WAIT = { GITHUB_RATE_LIMIT_WAIT_MS: "20", GITHUB_RETRY_BASE_MS: "5" };
const WAIT_LINE = "GitHub rate limit: waiting before retrying";

function logEntries(): Array<Record<string, unknown>> {
  return fx.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

function statuses(method: string, path: string): number[] {
  return fx.github.requests.filter((r) => r.method === method && r.path === path).map((r) => r.status);
}

async function reviewOpenedPullRequest(): Promise<void> {
  await fx.app.deliver("pull_request", prPayload("opened"));
  await fx.app.idle();
}

describe("GitHub rate limits on every request", () => {
  it("waits out a secondary limit on reading the PR's files (retry-after: 1) and reviews once", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "GET", path: FILES_PATH, ...secondaryRateLimit(1) });
    await reviewOpenedPullRequest();

    expect(statuses("GET", FILES_PATH)).toEqual([403, 200]);
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(logEntries().filter((l) => l["msg"] === WAIT_LINE)).toEqual([
      expect.objectContaining({
        // Pages are requested by their path; a single request by its route.
        request: `GET ${FILES_PATH}`, status: 403, limit: "secondary", waitMs: 1000, basis: "retry-after: 1",
        retry: 1, deliveryId: expect.any(String), repo: `${OWNER}/${REPO}`, pr: 7,
      }),
    ]);
  });

  it("waits GITHUB_RATE_LIMIT_WAIT_MS when the secondary limit names no time, and reviews once", async () => {
    await fx.start(SHORT_DEFAULT_WAIT);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "GET", path: FILES_PATH, ...secondaryRateLimit(null) });
    await reviewOpenedPullRequest();

    expect(statuses("GET", FILES_PATH)).toEqual([403, 200]);
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(logEntries().find((l) => l["msg"] === WAIT_LINE)).toMatchObject({ waitMs: 20, basis: "no retry-after or x-ratelimit-reset" });
  });

  it("sends a rate-limited review again once, and only once", async () => {
    await fx.start(SHORT_DEFAULT_WAIT);
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "POST", path: REVIEWS_PATH, ...secondaryRateLimit(null) });
    await reviewOpenedPullRequest();

    expect(statuses("POST", REVIEWS_PATH)).toEqual([403, 200]);
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(logEntries().filter((l) => l["msg"] === WAIT_LINE).map((l) => l["request"])).toEqual(["POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"]);
  });

  it("fails the review when GitHub asks to wait longer than GITHUB_RETRY_MAX_WAIT_MS, saying which limit and which setting", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "GET", path: FILES_PATH, ...secondaryRateLimit(600) });
    await reviewOpenedPullRequest();

    expect(statuses("GET", FILES_PATH)).toEqual([403]);
    expect(fx.github.reviews).toEqual([]);
    expect(fx.model.chatRequests).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:failure"]);
    expect(fx.github.checkRuns[0]?.output).toMatchObject({
      title: "Review failed",
      summary:
        `The review could not be completed: GitHub's secondary rate limit on GET ${FILES_PATH} asks to wait 600 s ` +
        "(retry-after: 600), longer than GITHUB_RETRY_MAX_WAIT_MS (120 s) allows: re-run the review once the limit has passed, or raise GITHUB_RETRY_MAX_WAIT_MS.",
    });
  });

  it("stops waiting out a limit when the server shuts down, and says the review was interrupted", async () => {
    await fx.start({ SHUTDOWN_GRACE_MS: "50" });
    addCachePullRequest(fx.github);
    fx.github.failNext({ method: "GET", path: FILES_PATH, ...secondaryRateLimit(100) });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.github.waitFor((state) => state.requests.some((r) => r.path === FILES_PATH && r.status === 403));
    // A 100-second wait: only the shutdown can end it within the test's time limit.
    await fx.app.close();

    expect(statuses("GET", FILES_PATH)).toEqual([403]);
    expect(fx.github.reviews).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:cancelled"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("Review interrupted");
  });
});

describe("GitHub rate limits on GraphQL", () => {
  const SECOND_HEAD = "c".repeat(40);
  const base = numberedLines(30);
  const first = numberedLines(30, (n) => (n === 10 ? "return cache.get(key)!;" : `line ${n}`));
  const fixed = numberedLines(30, (n) => (n === 10 ? "return cache.get(key) ?? load(key);" : `line ${n}`));
  const cacheFile = (patch: string) => ({ filename: "src/cache.ts", status: "modified" as const, patch });
  const nonNull = { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key." };
  const answers: Respond = (_request, index) => toolCallCompletion("submit_review", { summary: `Review ${index + 1}.`, findings: index === 0 ? [nonNull] : [] });

  it("waits out a secondary limit on listing the review threads and a spent quota on resolving one, and resolves it once", async () => {
    fx.respond = answers;
    await fx.start(SHORT_DEFAULT_WAIT);
    fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: "Cache", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA, files: [cacheFile(gitPatch(base, first))] });
    await reviewOpenedPullRequest();
    expect(fx.github.reviewThreads).toHaveLength(1);

    // The push fixes line 10: the thread is answered, then resolved through GraphQL (a query, then a mutation).
    fx.github.failNext({ method: "POST", path: GRAPHQL_PATH, ...secondaryRateLimit(null) });
    fx.github.failNext({ method: "POST", path: GRAPHQL_PATH, ...graphqlRateLimit(-60) });
    fx.github.pushToPullRequest({
      owner: OWNER, repo: REPO, number: 7, headSha: SECOND_HEAD,
      files: [cacheFile(gitPatch(base, fixed))], compareWithPrevious: { status: "ahead", files: [cacheFile(gitPatch(first, fixed))] },
    });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }));
    await fx.app.idle();

    expect(statuses("POST", GRAPHQL_PATH)).toEqual([403, 200, 200, 200]);
    expect(fx.github.reviewThreads.map((thread) => [thread.isResolved, thread.comments.length])).toEqual([[true, 2]]);
    expect(logEntries().filter((l) => l["msg"] === WAIT_LINE).map((l) => [l["request"], l["limit"], l["status"]])).toEqual([
      ["POST /api/graphql", "secondary", 403],
      ["POST /api/graphql", "primary", 200],
    ]);
    expect(fx.checkRunStates().at(-1)).toBe("completed:success");
  });
});
