import { Octokit } from "@octokit/rest";
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";
import { gitPatch, numberedLines } from "./git-patch.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "a".repeat(40);
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const THREADS = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) {
    reviewThreads(first: 2, after: $cursor) { pageInfo { hasNextPage endCursor } nodes { id isResolved comments(first: 1) { nodes { databaseId } } } }
  } }
}`;
const RESOLVE = "mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }";

interface ThreadsPage {
  repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; isResolved: boolean; comments: { nodes: { databaseId: number }[] } }[] } } };
}

let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
  const patch = gitPatch(numberedLines(10), numberedLines(10, (n) => `changed ${n}`));
  github.addPullRequest({ owner, repo, number: 7, headSha: HEAD, baseSha: "b".repeat(40), files: [{ filename: "a.ts", status: "modified", patch }] });
});

afterEach(async () => {
  await github.close();
});

async function postComments(count: number): Promise<number[]> {
  const comments = Array.from({ length: count }, (_, i) => ({ path: "a.ts", line: i + 1, body: `c${i}` }));
  await octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, commit_id: HEAD, event: "COMMENT", body: "r", comments });
  const { data } = await octokit.rest.pulls.listReviewComments({ owner, repo, pull_number: 7 });
  return data.map((comment) => comment.id);
}

describe("review comment replies", () => {
  it("adds a reply to the thread of a top-level comment, and refuses replies to replies", async () => {
    const [root] = await postComments(1);
    if (root === undefined) throw new Error("no comment");
    const { status, data } = await octokit.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: 7, comment_id: root, body: "fixed" });
    expect(status).toBe(201);
    expect(data).toMatchObject({ in_reply_to_id: root, path: "a.ts", line: 1, body: "fixed" });
    expect(github.reviewThreads).toMatchObject([{ rootCommentId: root, comments: [{ id: root }, { id: data.id }] }]);

    const nested = await octokit.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: 7, comment_id: data.id, body: "x" }).catch((e: unknown) => e);
    expect(nested).toBeInstanceOf(RequestError);
    expect(nested instanceof RequestError ? nested.status : 0).toBe(422);
    const missing = await octokit.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: 7, comment_id: 999_999, body: "x" }).catch((e: unknown) => e);
    expect(missing instanceof RequestError ? missing.status : 0).toBe(404);
  });
});

describe("GraphQL review threads", () => {
  it("lists threads with pagination, resolves one by its node id, and shows it resolved", async () => {
    const ids = await postComments(3);
    const first = await octokit.graphql<ThreadsPage>(THREADS, { owner, name: repo, number: 7, cursor: null });
    const page = first.repository.pullRequest.reviewThreads;
    expect(page.nodes.map((n) => n.comments.nodes[0]?.databaseId)).toEqual(ids.slice(0, 2));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await octokit.graphql<ThreadsPage>(THREADS, { owner, name: repo, number: 7, cursor: page.pageInfo.endCursor });
    expect(second.repository.pullRequest.reviewThreads.nodes.map((n) => n.comments.nodes[0]?.databaseId)).toEqual(ids.slice(2));
    expect(second.repository.pullRequest.reviewThreads.pageInfo.hasNextPage).toBe(false);

    const threadId = page.nodes[0]?.id ?? "";
    const resolved = await octokit.graphql<{ resolveReviewThread: { thread: { id: string; isResolved: boolean } } }>(RESOLVE, { threadId });
    expect(resolved.resolveReviewThread.thread).toEqual({ id: threadId, isResolved: true });
    expect(github.reviewThreads.map((t) => t.isResolved)).toEqual([true, false, false]);
    expect(github.requests.at(-1)).toMatchObject({ method: "POST", path: "/api/graphql", status: 200 });
    expect(github.unhandled).toEqual([]);
  });

  it("answers FORBIDDEN when the installation may not resolve threads, and NOT_FOUND for an unknown thread", async () => {
    await postComments(1);
    const { repository } = await octokit.graphql<ThreadsPage>(THREADS, { owner, name: repo, number: 7, cursor: null });
    github.denyThreadResolution();
    const forbidden = await octokit.graphql(RESOLVE, { threadId: repository.pullRequest.reviewThreads.nodes[0]?.id }).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] });
    const unknown = await octokit.graphql(RESOLVE, { threadId: "nope" }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ errors: [{ type: "NOT_FOUND" }] });
    expect(github.reviewThreads.map((t) => t.isResolved)).toEqual([false]);
  });

  it("records an operation it does not serve as unhandled", async () => {
    const error = await octokit.graphql("query { organization(login: \"acme\") { id } }").catch((e: unknown) => e);
    expect(error).toMatchObject({ errors: [{ message: "The fake GitHub does not serve this GraphQL operation" }] });
    expect(github.unhandled.map((r) => r.path)).toEqual(["/api/graphql"]);
  });
});
