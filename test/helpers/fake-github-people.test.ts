import { Octokit } from "@octokit/rest";
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";
import { gitPatch, numberedLines } from "./git-patch.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "a".repeat(40);
const NEXT = "c".repeat(40);
const BASE = "b".repeat(40);
const FORK_HEAD = "f".repeat(40);
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const PATCH = gitPatch(numberedLines(10), numberedLines(10, (n) => (n === 4 ? "changed 4" : `line ${n}`)));

let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
  github.addPullRequest({ owner, repo, number: 7, headSha: HEAD, baseSha: BASE, files: [{ filename: "a.ts", status: "modified", patch: PATCH }] });
});

afterEach(async () => {
  await github.close();
});

describe("GET /repos/{owner}/{repo}/commits/{sha}/pulls", () => {
  it("lists the repository's pull requests that had the commit as a head, not a fork's, and refuses an unknown commit", async () => {
    github.pushToPullRequest({ owner, repo, number: 7, headSha: NEXT });
    github.addPullRequest({ owner, repo, number: 8, headSha: FORK_HEAD, baseSha: BASE, headRepo: { owner: "someone", repo: "widgets" }, files: [] });

    const { data: ofOld } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: HEAD });
    expect(ofOld.map((pull) => [pull.number, pull.state, pull.head.sha])).toEqual([[7, "open", NEXT]]);
    const { data: ofNew } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: NEXT });
    expect(ofNew.map((pull) => pull.number)).toEqual([7]);
    // A commit that lives in a fork only: GitHub finds no pull request for it in the base repository.
    const { data: ofFork } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: FORK_HEAD });
    expect(ofFork).toEqual([]);

    const error = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: "0".repeat(40) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 422, message: expect.stringContaining(`No commit found for SHA: ${"0".repeat(40)}`) });
  });
});

describe("comments people write", () => {
  it("adds a person's conversation comment, shaped as GitHub shows it, beside the bot's", async () => {
    const id = github.addPersonIssueComment({ owner, repo, number: 7, author: "mona", body: "Looks good" });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: "from the bot" });

    const { data } = await octokit.rest.issues.listComments({ owner, repo, issue_number: 7 });
    expect(data.map((c) => [c.id === id, c.user?.login, c.user?.type, c.performed_via_github_app?.slug ?? null])).toEqual([
      [true, "mona", "User", null],
      [false, github.botLogin, "Bot", "pr-reviewer"],
    ]);
  });

  it("adds a person's review thread on a diff line and a reply, and refuses an anchor GitHub would refuse", async () => {
    const root = github.addPersonReviewComment({ owner, repo, number: 7, author: "mona", path: "a.ts", line: 4, body: "Why?" });
    const reply = github.addPersonReviewComment({ owner, repo, number: 7, author: "hubot-fan", inReplyTo: root, body: "Because." });

    const { data } = await octokit.rest.pulls.listReviewComments({ owner, repo, pull_number: 7 });
    expect(data.map((c) => [c.id, c.user.login, c.user.type, c.path, c.line, c.side, c.in_reply_to_id ?? null, c.commit_id])).toEqual([
      [root, "mona", "User", "a.ts", 4, "RIGHT", null, HEAD],
      [reply, "hubot-fan", "User", "a.ts", 4, "RIGHT", root, HEAD],
    ]);
    expect(github.reviewThreads.map((t) => [t.rootCommentId, t.comments.length])).toEqual([[root, 2]]);
    expect(github.reviews.map((r) => r.user.login)).toEqual(["mona", "hubot-fan"]);

    expect(() => github.addPersonReviewComment({ owner, repo, number: 7, author: "mona", path: "a.ts", line: 10, body: "x" })).toThrow(/must be part of the diff/);
    expect(() => github.addPersonReviewComment({ owner, repo, number: 7, author: "mona", inReplyTo: reply, body: "x" })).toThrow(/Replies to replies/);
  });
});
