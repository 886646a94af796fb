import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { probotOctokitClass } from "../../../src/adapters/github/probot-octokit.js";
import { GitHubRateLimitError, withRequestRetries, type RequestRetryOptions } from "../../../src/adapters/github/request-retries.js";
import { createThreadResolver } from "../../../src/adapters/github/review-threads.js";
import type { Logger } from "../../../src/core/ports.js";
import { graphqlRateLimit, primaryRateLimit, secondaryRateLimit, startFakeGitHub, type FakeGitHub, type FileSpec } from "../../helpers/fake-github.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);
const PULL_PATH = `/repos/${owner}/${repo}/pulls/7`;
const PULL_ROUTE = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
const WIDGET: FileSpec = { filename: "src/widget.ts", status: "modified", patch: gitPatch(numberedLines(10), numberedLines(10, (n) => (n === 3 ? "changed" : `line ${n}`))) };

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly details: Record<string, unknown>;
  readonly message: string;
}

let github: FakeGitHub;
let lines: LogLine[];
let lineWaiters: Array<{ readonly message: string; readonly resolve: () => void }>;

function record(line: LogLine): void {
  lines.push(line);
  for (const waiter of lineWaiters.filter((w) => w.message === line.message)) waiter.resolve();
  lineWaiters = lineWaiters.filter((w) => w.message !== line.message);
}

/** Resolves when a line with `message` is logged (at once if one was). */
function logged(message: string): Promise<void> {
  if (lines.some((line) => line.message === message)) return Promise.resolve();
  return new Promise((resolve) => lineWaiters.push({ message, resolve }));
}

const log: Logger = {
  info: (details, message) => record({ level: "info", details: { ...details }, message }),
  warn: (details, message) => record({ level: "warn", details: { ...details }, message }),
  error: (details, message) => record({ level: "error", details: { ...details }, message }),
};

/** Waits of a few milliseconds stand in for GitHub's minute; retry-after is avoided unless a test is about it. */
function options(overrides: Partial<RequestRetryOptions> = {}): RequestRetryOptions {
  return { log, retries: 3, baseDelayMs: 1, maxWaitMs: 120_000, rateLimitWaitMs: 5, ...overrides };
}

/** @octokit/rest has neither the retry nor the throttling plugin: every retry seen here is ours. */
function restClient(overrides: Partial<RequestRetryOptions> = {}): Octokit {
  return withRequestRetries(new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet }), options(overrides));
}

function statuses(method: string, path: string | RegExp): number[] {
  return github.requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))).map((r) => r.status);
}

function waits(): LogLine[] {
  return lines.filter((line) => line.message === "GitHub rate limit: waiting before retrying");
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the request to fail");
}

beforeEach(async () => {
  lines = [];
  lineWaiters = [];
  github = await startFakeGitHub();
  github.addPullRequest({ owner, repo, number: 7, title: "Widgets", body: "", draft: false, headSha: HEAD, baseSha: BASE, files: [WIDGET] });
});

afterEach(async () => {
  await github.close();
});

describe("waiting out GitHub's rate limits on any Octokit", () => {
  it("waits out a secondary limit on a read that names no time, and answers as if nothing happened", async () => {
    github.failNext({ method: "GET", path: PULL_PATH, ...secondaryRateLimit(null) });
    const { data } = await restClient().rest.pulls.get({ owner, repo, pull_number: 7 });

    expect(data.number).toBe(7);
    expect(statuses("GET", PULL_PATH)).toEqual([403, 200]);
    expect(waits()).toEqual([
      {
        level: "warn",
        message: "GitHub rate limit: waiting before retrying",
        details: { request: PULL_ROUTE, status: 403, limit: "secondary", waitMs: 5, basis: "no retry-after or x-ratelimit-reset", retry: 1 },
      },
    ]);
  });

  it("doubles the wait while the limit repeats, then fails naming the limit and the setting", async () => {
    github.failNext({ method: "GET", path: PULL_PATH, ...secondaryRateLimit(null), times: 3 });
    const error = await failure(restClient({ retries: 2 }).rest.pulls.get({ owner, repo, pull_number: 7 }));

    expect(error).toBeInstanceOf(GitHubRateLimitError);
    expect(String(error)).toContain(`GitHub's secondary rate limit on ${PULL_ROUTE} was still in force after 2 retries (GITHUB_WRITE_RETRIES)`);
    expect(waits().map((line) => line.details["waitMs"])).toEqual([5, 10]);
    expect(statuses("GET", PULL_PATH)).toEqual([403, 403, 403]);
  });

  it("fails at once when the wait is longer than GITHUB_RETRY_MAX_WAIT_MS, saying which limit and until when", async () => {
    github.failNext({ method: "GET", path: PULL_PATH, ...primaryRateLimit(3600) });
    const error = await failure(restClient().rest.pulls.get({ owner, repo, pull_number: 7 }));

    expect(error).toBeInstanceOf(GitHubRateLimitError);
    expect(error).toMatchObject({ kind: "primary", request: PULL_ROUTE });
    // No status: the write retries above this client take it for final.
    expect(error).not.toHaveProperty("status");
    expect(String(error)).toMatch(
      /GitHub's primary rate limit \(the installation's API quota is spent\) on GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} asks to wait 36\d\d s \(x-ratelimit-reset: \d{4}-\d\d-\d\dT[\d:.]+Z\), longer than GITHUB_RETRY_MAX_WAIT_MS \(120 s\) allows: re-run the review once the limit has passed, or raise GITHUB_RETRY_MAX_WAIT_MS\./,
    );
    expect(statuses("GET", PULL_PATH)).toEqual([403]);
    expect(waits()).toEqual([]);
  });

  it("sends a rate-limited write once more, and only once (it had no effect)", async () => {
    const commentsPath = `/repos/${owner}/${repo}/issues/7/comments`;
    github.failNext({ method: "POST", path: commentsPath, ...secondaryRateLimit(null) });
    await restClient().rest.issues.createComment({ owner, repo, issue_number: 7, body: "Summary" });

    expect(statuses("POST", commentsPath)).toEqual([403, 201]);
    expect(github.issueComments.map((c) => c.body)).toEqual(["Summary"]);
  });

  it("retries a read that got a 5xx, but never a write, which may have taken effect", async () => {
    github.failNext({ method: "GET", path: PULL_PATH, status: 502 });
    const client = restClient();
    await client.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(statuses("GET", PULL_PATH)).toEqual([502, 200]);
    expect(lines.find((line) => line.message === "GitHub error on a read: retrying")?.details).toMatchObject({ request: PULL_ROUTE, status: 502, retry: 1 });

    const commentsPath = `/repos/${owner}/${repo}/issues/7/comments`;
    github.failNext({ method: "POST", path: commentsPath, status: 502, afterEffect: true });
    await expect(client.rest.issues.createComment({ owner, repo, issue_number: 7, body: "Summary" })).rejects.toMatchObject({ status: 502 });
    expect(statuses("POST", commentsPath)).toEqual([502]);
    expect(github.issueComments).toHaveLength(1);
  });

  it("wraps a client once: given again (a comment's job, then the review it asks for), a 5xx read is still retried only `retries` times", async () => {
    github.failNext({ method: "GET", path: PULL_PATH, status: 502, times: 4 });
    const client = withRequestRetries(restClient({ retries: 1 }), options({ retries: 1 }));
    await expect(client.rest.pulls.get({ owner, repo, pull_number: 7 })).rejects.toMatchObject({ status: 502 });
    expect(statuses("GET", PULL_PATH)).toEqual([502, 502]);
  });

  it("waits out a limit on a later page of a paginated read", async () => {
    const files = Array.from({ length: 150 }, (_, i): FileSpec => ({ ...WIDGET, filename: `src/file-${i}.ts` }));
    github.addPullRequest({ owner, repo, number: 8, title: "Many", body: "", draft: false, headSha: HEAD, baseSha: BASE, files });
    const secondPage = /^\/repositories\/\d+\/pulls\/8\/files$/;
    github.failNext({ method: "GET", path: secondPage, ...secondaryRateLimit(null) });
    const client = restClient();
    const listed = await client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: 8, per_page: 100 });

    expect(listed).toHaveLength(150);
    expect(statuses("GET", secondPage)).toEqual([403, 200]);
    expect(waits()[0]?.details["request"]).toMatch(/^GET \/repositories\/\d+\/pulls\/8\/files$/);
  });

  it("holds the client's other requests while one waits out a limit", async () => {
    const sent: Array<{ readonly url: string; readonly at: number }> = [];
    const octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
    // Registered first, so it runs inside the retries and sees every attempt actually sent.
    octokit.hook.wrap("request", (request, requestOptions) => {
      sent.push({ url: requestOptions.url, at: Date.now() });
      return request(requestOptions);
    });
    const client = withRequestRetries(octokit, options({ rateLimitWaitMs: 200 }));
    github.failNext({ method: "GET", path: PULL_PATH, ...secondaryRateLimit(null) });
    const limited = client.rest.pulls.get({ owner, repo, pull_number: 7 });
    await logged("GitHub rate limit: waiting before retrying");
    const other = client.rest.issues.listComments({ owner, repo, issue_number: 7 });
    await Promise.all([limited, other]);

    const first = sent.find((s) => s.url.includes("pull_number"));
    const held = sent.find((s) => s.url.includes("comments"));
    expect(first).toBeDefined();
    expect(held).toBeDefined();
    // Timers never fire early: the other request cannot have gone out before the limit's 200 ms ended.
    expect((held?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(195);
    expect(lines.find((line) => line.message === "GitHub request held while another waits out a rate limit")?.details).toMatchObject({
      request: "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    });
  });

  it("stops waiting when the job's signal aborts, failing with its reason; a first attempt is still made after it", async () => {
    const controller = new AbortController();
    const reason = new Error("the process is shutting down");
    const client = restClient({ signal: controller.signal });
    github.failNext({ method: "GET", path: PULL_PATH, ...secondaryRateLimit(100) });
    const waiting = failure(client.rest.pulls.get({ owner, repo, pull_number: 7 }));
    await github.waitFor((state) => state.requests.some((r) => r.status === 403));
    controller.abort(reason);

    expect(await waiting).toBe(reason);
    expect(statuses("GET", PULL_PATH)).toEqual([403]);
    expect(lines.map((line) => line.message)).toContain("GitHub request given up: the review was stopped while it waited");
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(data.number).toBe(7);
  });
});

describe("GraphQL and Probot's Octokit", () => {
  /** Probot's client as the server builds it; `throttling` as in production. */
  function probotClient(throttling: boolean, overrides: Partial<RequestRetryOptions> = {}) {
    const ProbotClient = probotOctokitClass(throttling, () => {});
    return withRequestRetries(new ProbotClient({ baseUrl: github.baseUrl, auth: { token: github.createInstallationToken() }, log: quiet }), options(overrides));
  }

  /** Review threads on lines 3 and 4 of the widget; their first comments' ids. */
  async function reviewThreads(): Promise<number[]> {
    const octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
    const comments = [3, 4].map((line) => ({ path: "src/widget.ts", line, side: "RIGHT", body: `Line ${line}.` }));
    await octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, commit_id: HEAD, event: "COMMENT", body: "Review", comments });
    return github.reviewComments.map((comment) => comment.id);
  }

  it("waits out a secondary limit and a spent GraphQL quota (RATE_LIMITED with HTTP 200) on a query", async () => {
    const [commentId] = await reviewThreads();
    github.failNext({ method: "POST", path: "/api/graphql", ...secondaryRateLimit(null) });
    github.failNext({ method: "POST", path: "/api/graphql", ...graphqlRateLimit(-60) });
    const resolve = createThreadResolver(probotClient(false), { owner, repo, pullNumber: 7 });

    expect(await resolve(commentId ?? 0)).toBe("resolved");
    expect(github.reviewThreads[0]?.isResolved).toBe(true);
    expect(statuses("POST", "/api/graphql")).toEqual([403, 200, 200, 200]);
    expect(waits().map((line) => [line.details["request"], line.details["limit"], line.details["status"]])).toEqual([
      // GitHub Enterprise Server's GraphQL endpoint, beside /api/v3.
      ["POST /api/graphql", "secondary", 403],
      ["POST /api/graphql", "primary", 200],
    ]);
  });

  it("resends a GraphQL query that got a 5xx, but not a mutation", async () => {
    const [first, second] = await reviewThreads();
    const resolve = createThreadResolver(probotClient(false), { owner, repo, pullNumber: 7 });
    github.failNext({ method: "POST", path: "/api/graphql", status: 502 });
    // The threads are listed (a query: sent again), then the first is resolved.
    expect(await resolve(first ?? 0)).toBe("resolved");
    expect(statuses("POST", "/api/graphql")).toEqual([502, 200, 200]);

    // The list is known now: resolving the second thread is the mutation alone.
    github.failNext({ method: "POST", path: "/api/graphql", status: 502 });
    await expect(resolve(second ?? 0)).rejects.toMatchObject({ status: 502 });
    expect(statuses("POST", "/api/graphql")).toEqual([502, 200, 200, 502]);
    expect(github.reviewThreads.map((thread) => thread.isResolved)).toEqual([true, false]);
  });

  it("keeps Probot's throttling from waiting on its own: a spent quota fails at once, capped, and a secondary limit is still waited out", async () => {
    const client = probotClient(true);
    github.failNext({ method: "GET", path: PULL_PATH, ...primaryRateLimit(3600) });
    // Probot's own handler would retry after the hour-long reset: the test would time out.
    expect(await failure(client.rest.pulls.get({ owner, repo, pull_number: 7 }))).toBeInstanceOf(GitHubRateLimitError);
    expect(statuses("GET", PULL_PATH)).toEqual([403]);

    github.failNext({ method: "GET", path: PULL_PATH, ...secondaryRateLimit(null) });
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(data.number).toBe(7);
    expect(statuses("GET", PULL_PATH)).toEqual([403, 403, 200]);
  });
});
