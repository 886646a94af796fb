import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";
import { gitPatch, numberedLines } from "./git-patch.js";

const owner = "acme";
const repo = "widgets";
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const PATCH = gitPatch(numberedLines(10), numberedLines(10, (n) => (n === 4 ? "changed 4" : `line ${n}`)));

let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
  github.addPullRequest({ owner, repo, number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40), files: [{ filename: "a.ts", status: "modified", patch: PATCH }] });
});

afterEach(async () => {
  await github.close();
});

describe("reactions", () => {
  it("keeps issue-comment and review-comment reactions apart, as GitHub's two endpoints do, with summaries on the comments", async () => {
    const issueComment = github.addPersonIssueComment({ owner, repo, number: 7, author: "mona", body: "/review" });
    const thread = github.addPersonReviewComment({ owner, repo, number: 7, author: "mona", body: "hm", path: "a.ts", line: 4 });

    const created = await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: issueComment, content: "eyes" });
    expect(created.status).toBe(201);
    const again = await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: issueComment, content: "eyes" });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(created.data.id);
    await octokit.rest.reactions.createForPullRequestReviewComment({ owner, repo, comment_id: thread, content: "eyes" });
    github.addPersonReaction({ subject: "review-comment", commentId: thread, author: "alice", content: "-1" });

    const onIssue = await octokit.rest.reactions.listForIssueComment({ owner, repo, comment_id: issueComment });
    expect(onIssue.data.map((r) => [r.content, r.user?.login])).toEqual([["eyes", github.botLogin]]);
    const down = await octokit.rest.reactions.listForPullRequestReviewComment({ owner, repo, comment_id: thread, content: "-1" });
    expect(down.data.map((r) => [r.content, r.user?.login, r.user?.type])).toEqual([["-1", "alice", "User"]]);

    const { data: reviewComments } = await octokit.rest.pulls.listReviewComments({ owner, repo, pull_number: 7 });
    expect(reviewComments[0]?.reactions).toMatchObject({ total_count: 2, "-1": 1, eyes: 1, "+1": 0 });
    const { data: issueComments } = await octokit.rest.issues.listComments({ owner, repo, issue_number: 7 });
    expect(issueComments[0]?.reactions).toMatchObject({ total_count: 1, eyes: 1 });

    await octokit.rest.reactions.deleteForIssueComment({ owner, repo, comment_id: issueComment, reaction_id: created.data.id });
    expect((await octokit.rest.reactions.listForIssueComment({ owner, repo, comment_id: issueComment })).data).toEqual([]);
  });

  it("refuses a reaction GitHub has no name for, and one on a comment that does not exist (the wrong endpoint for its kind)", async () => {
    const issueComment = github.addPersonIssueComment({ owner, repo, number: 7, author: "mona", body: "x" });
    const url = `/repos/${owner}/${repo}/issues/comments/${issueComment}/reactions`;
    await expect(octokit.request({ method: "POST", url, content: "thumbsup" })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.reactions.createForPullRequestReviewComment({ owner, repo, comment_id: issueComment, content: "eyes" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("collaborator permission", () => {
  it("answers a role and GitHub's legacy level; read for anyone not given a role", async () => {
    github.setRole("Alice", "maintain");
    github.setRole("tri", "triage");
    const alice = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "alice" });
    expect([alice.data.permission, alice.data.role_name, alice.data.user?.login]).toEqual(["write", "maintain", "alice"]);
    const tri = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "tri" });
    expect([tri.data.permission, tri.data.role_name]).toEqual(["read", "triage"]);
    const stranger = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "stranger" });
    expect([stranger.data.permission, stranger.data.role_name]).toEqual(["read", "read"]);
  });
});

describe("repository review comments and resolving as a person", () => {
  it("lists the repository's review comments newest first on request, and marks a thread a person resolved", async () => {
    github.addPullRequest({ owner, repo, number: 8, headSha: "c".repeat(40), baseSha: "b".repeat(40), files: [{ filename: "a.ts", status: "modified", patch: PATCH }] });
    const first = github.addPersonReviewComment({ owner, repo, number: 7, author: "mona", body: "one", path: "a.ts", line: 4 });
    const second = github.addPersonReviewComment({ owner, repo, number: 8, author: "mona", body: "two", path: "a.ts", line: 4 });
    const { data } = await octokit.rest.pulls.listReviewCommentsForRepo({ owner, repo, sort: "created", direction: "desc" });
    expect(data.map((c) => [c.id, c.pull_request_url.endsWith("/pulls/8")])).toEqual([[second, true], [first, false]]);
    github.resolveThreadAsPerson(first);
    expect(github.reviewThreads.find((t) => t.rootCommentId === first)?.isResolved).toBe(true);
    expect(() => github.resolveThreadAsPerson(12345)).toThrow();
  });
});

describe("a personal token", () => {
  it("writes as its person, with no app named, where an installation token writes as the app's bot", async () => {
    const personal = new Octokit({ baseUrl: github.baseUrl, auth: github.createPersonalToken("review-robot"), log: quiet });
    await personal.rest.issues.createComment({ owner, repo, issue_number: 7, body: "by a machine user" });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: "by the app" });
    const root = await personal.rest.pulls.createReviewComment({ owner, repo, pull_number: 7, commit_id: "a".repeat(40), path: "a.ts", line: 4, body: "finding" });
    await personal.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: 7, comment_id: root.data.id, body: "answer" });
    await personal.rest.reactions.createForPullRequestReviewComment({ owner, repo, comment_id: root.data.id, content: "eyes" });

    expect(github.issueComments.map((c) => [c.body, c.user.login, c.user.type, c.performed_via_github_app?.id ?? null])).toEqual([
      ["by a machine user", "review-robot", "User", null],
      ["by the app", github.botLogin, "Bot", github.appId],
    ]);
    expect(github.reviewComments.map((c) => [c.body, c.user.login, c.user.type])).toEqual([["finding", "review-robot", "User"], ["answer", "review-robot", "User"]]);
    expect(github.reactions.map((r) => r.user.login)).toEqual(["review-robot"]);
    const viewer = async (client: Octokit) => ((await client.graphql("query { viewer { login } }")) as { viewer: { login: string } }).viewer.login;
    expect([await viewer(personal), await viewer(octokit)]).toEqual(["review-robot", github.botLogin]);
  });
});
