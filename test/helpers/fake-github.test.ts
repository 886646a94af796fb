import { Octokit } from "@octokit/rest";
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub, type FileSpec } from "./fake-github.js";
import { gitPatch, numberedLines } from "./git-patch.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);

// line 3 changed (hunk 0: new lines 1–6), two lines inserted after line 30 (hunk 1: new lines 28–35).
const BEFORE = numberedLines(40);
const AFTER = numberedLines(40, (n) => (n === 3 ? "line 3 changed" : n === 30 ? ["line 30", "inserted a", "inserted b"] : `line ${n}`));
const TWO_HUNKS: FileSpec = { filename: "src/widget.ts", status: "modified", patch: gitPatch(BEFORE, AFTER) };

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startFakeGitHub();
  // @octokit/rest bundles neither plugin-retry nor plugin-throttling: every error reaches the test as is.
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
});

afterEach(async () => {
  await github.close();
});

function addPull(files: readonly FileSpec[] = [TWO_HUNKS]): void {
  github.addPullRequest({ owner, repo, number: 7, title: "Widgets", body: "Adds widgets", draft: false, headSha: HEAD, baseSha: BASE, files });
}

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

function errorsOf(error: RequestError): unknown {
  const data: unknown = error.response?.data;
  return typeof data === "object" && data !== null && "errors" in data ? data.errors : undefined;
}

describe("pull requests", () => {
  it("serves the pull request as GitHub shapes it", async () => {
    addPull();
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(data).toMatchObject({ number: 7, title: "Widgets", body: "Adds widgets", draft: false, state: "open", changed_files: 1 });
    expect(data.head).toMatchObject({ sha: HEAD, repo: { full_name: `${owner}/${repo}` } });
    expect(data.base).toMatchObject({ sha: BASE, ref: "main", repo: { full_name: `${owner}/${repo}`, default_branch: "main" } });
  });

  it("paginates 250 files with GitHub's Link header, following it through /repositories/{id}", async () => {
    const patch = gitPatch(null, "export {};\n");
    addPull(Array.from({ length: 250 }, (_, i) => ({ filename: `src/f${String(i).padStart(3, "0")}.ts`, status: "added", patch })));

    const first = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 7, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repositories\/\d+\/pulls\/7\/files\?per_page=100&page=2>; rel="next"/);
    expect(first.headers.link).toMatch(/page=3>; rel="last"/);

    const all = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 7, per_page: 100 });
    expect(all.map((file) => file.filename)).toEqual(Array.from({ length: 250 }, (_, i) => `src/f${String(i).padStart(3, "0")}.ts`));
    expect(all[0]).toMatchObject({ status: "added", additions: 1, deletions: 0, changes: 1, patch });

    const last = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 7, per_page: 100, page: 3 });
    expect(last.data).toHaveLength(50);
    expect(last.headers.link).not.toMatch(/rel="next"/);
    expect(last.headers.link).toMatch(/rel="prev".*rel="first"/);

    const capped = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 7, per_page: 500 });
    expect(capped.data).toHaveLength(100);
    expect(github.unhandled).toEqual([]);
  });
});

describe("reviews", () => {
  beforeEach(() => addPull());

  it("accepts a multi-line comment inside one hunk and lists it back", async () => {
    const { status, data } = await octokit.rest.pulls.createReview({
      owner, repo, pull_number: 7, commit_id: HEAD, event: "COMMENT", body: "Summary",
      comments: [
        { path: "src/widget.ts", start_line: 30, line: 32, side: "RIGHT", body: "These insertions…" },
        { path: "src/widget.ts", line: 3, side: "LEFT", body: "The old line 3" },
      ],
    });
    expect(status).toBe(200);
    expect(data).toMatchObject({ state: "COMMENTED", body: "Summary", commit_id: HEAD, user: { login: "pr-reviewer[bot]", type: "Bot" } });

    const { data: comments } = await octokit.rest.pulls.listReviewComments({ owner, repo, pull_number: 7 });
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ path: "src/widget.ts", start_line: 30, line: 32, side: "RIGHT", start_side: "RIGHT", pull_request_review_id: data.id });
    expect(comments[0]?.diff_hunk).toMatch(/^@@ -28,6 \+28,8 @@ line 27\n[\s\S]*\n\+inserted b$/);
    expect(comments[1]).toMatchObject({ line: 3, side: "LEFT", start_line: null });
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0]?.comments).toHaveLength(2);
  });

  it.each([
    ["a line outside the diff", { path: "src/widget.ts", line: 15 }, "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"],
    ["a new-file line number asked on the LEFT side", { path: "src/widget.ts", line: 35, side: "LEFT" as const }, "Pull request review thread line must be part of the diff"],
    ["a file not in the pull request", { path: "src/other.ts", line: 3 }, "Pull request review thread path is invalid and Pull request review thread diff hunk can't be blank"],
    ["start_line equal to line", { path: "src/widget.ts", start_line: 5, line: 5 }, "Pull request review thread start line must precede the end line."],
    ["start_line after line", { path: "src/widget.ts", start_line: 6, line: 4 }, "Pull request review thread start line must precede the end line."],
    ["a range across hunks", { path: "src/widget.ts", start_line: 3, line: 30 }, "Pull request review thread start line must be part of the same hunk as the line."],
  ])("rejects %s with 422 and stores nothing", async (_name, bad, message) => {
    const error = await rejection(
      octokit.rest.pulls.createReview({
        owner, repo, pull_number: 7, commit_id: HEAD, event: "COMMENT", body: "Summary",
        comments: [{ path: "src/widget.ts", line: 31, body: "fine on its own" }, { ...bad, body: "bad anchor" }],
      }),
    );
    expect(error.status).toBe(422);
    expect(error.response?.data).toMatchObject({ message: "Unprocessable Entity", documentation_url: expect.stringContaining("docs.github.com") });
    expect(String(errorsOf(error))).toContain(message);
    expect(github.reviews).toEqual([]);
    expect(github.reviewComments).toEqual([]);
    const { data } = await octokit.rest.pulls.listReviews({ owner, repo, pull_number: 7 });
    expect(data).toEqual([]);
  });

  it("validates the review itself: commit, body, event", async () => {
    const unknownCommit = await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, commit_id: "c".repeat(40), event: "COMMENT", body: "x" }));
    expect(unknownCommit.status).toBe(422);
    const noBody = await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, event: "REQUEST_CHANGES" }));
    expect(errorsOf(noBody)).toEqual(["You need to leave a comment indicating the requested changes."]);
    const tooLong = await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, event: "COMMENT", body: "x".repeat(65_537) }));
    expect(errorsOf(tooLong)).toEqual(["Body is too long (maximum is 65536 characters)"]);
    const badEvent = await rejection(octokit.request(`POST /repos/${owner}/${repo}/pulls/7/reviews`, { event: "LGTM", body: "x" }));
    expect(badEvent.status).toBe(422);
    expect(badEvent.message).toMatch(/Invalid request/);
    expect(github.reviews).toEqual([]);

    await octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, body: "draft" });
    const second = await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, body: "another draft" }));
    expect(errorsOf(second)).toEqual(["User can only have one pending review per pull request"]);
    expect(github.reviews.map((review) => review.state)).toEqual(["PENDING"]);
  });

  it("anchors on the diff of the commit named, also after a push", async () => {
    const newHead = "d".repeat(40);
    github.pushToPullRequest({ owner, repo, number: 7, headSha: newHead, files: [{ filename: "src/new.ts", status: "added", patch: gitPatch(null, "a\nb\n") }] });
    await octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, commit_id: HEAD, event: "COMMENT", body: "old", comments: [{ path: "src/widget.ts", line: 31, body: "c" }] });
    const stale = await rejection(
      octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, commit_id: newHead, event: "COMMENT", body: "new", comments: [{ path: "src/widget.ts", line: 31, body: "c" }] }),
    );
    expect(String(errorsOf(stale))).toContain("path is invalid");
  });

  it("posts a single file-level comment, wrapped in a review of its own", async () => {
    const { status, data } = await octokit.rest.pulls.createReviewComment({
      owner, repo, pull_number: 7, commit_id: HEAD, path: "src/widget.ts", subject_type: "file", body: "About this file",
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({ subject_type: "file", path: "src/widget.ts" });
    expect(github.reviews).toMatchObject([{ state: "COMMENTED", comments: [{ id: data.id }] }]);
    const outside = await rejection(octokit.rest.pulls.createReviewComment({ owner, repo, pull_number: 7, commit_id: HEAD, path: "src/widget.ts", line: 20, body: "x" }));
    expect(outside.status).toBe(422);
  });
});

describe("check runs", () => {
  beforeEach(() => addPull());

  it("creates, updates with merged fields and keeps every state", async () => {
    const created = await octokit.rest.checks.create({ owner, repo, name: "pr-reviewer", head_sha: HEAD, status: "in_progress", external_id: "acme/widgets#7" });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "pr-reviewer", head_sha: HEAD, status: "in_progress", conclusion: null, pull_requests: [{ number: 7 }] });

    const annotations = Array.from({ length: 50 }, (_, i) => ({ path: "src/widget.ts", start_line: i + 1, end_line: i + 1, annotation_level: "warning" as const, message: `m${i}` }));
    await octokit.rest.checks.update({ owner, repo, check_run_id: created.data.id, output: { title: "Reviewing", summary: "1/2", annotations } });
    const done = await octokit.rest.checks.update({ owner, repo, check_run_id: created.data.id, conclusion: "neutral", output: { title: "Done", summary: "2 findings", annotations: annotations.slice(0, 2) } });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "neutral", external_id: "acme/widgets#7", output: { title: "Done", annotations_count: 52 } });
    expect(done.data.completed_at).not.toBeNull();

    const [run] = github.checkRuns;
    expect(run?.history.map((state) => [state.status, state.conclusion, state.output.title])).toEqual([
      ["in_progress", null, null],
      ["in_progress", null, "Reviewing"],
      ["completed", "neutral", "Done"],
    ]);
    expect(run?.annotations).toHaveLength(52);

    const tooMany = await rejection(
      octokit.rest.checks.update({ owner, repo, check_run_id: created.data.id, output: { title: "x", summary: "y", annotations: [...annotations, ...annotations.slice(0, 1)] } }),
    );
    expect(tooMany.status).toBe(422);

    const listed = await octokit.rest.checks.listForRef({ owner, repo, ref: HEAD });
    expect(listed.data).toMatchObject({ total_count: 1, check_runs: [{ id: created.data.id, conclusion: "neutral" }] });
  });

  it("refuses a commit GitHub does not know", async () => {
    const error = await rejection(octokit.rest.checks.create({ owner, repo, name: "x", head_sha: "e".repeat(40) }));
    expect(error.status).toBe(422);
    expect(error.message).toContain("No commit found for SHA");
  });
});

describe("issue comments", () => {
  beforeEach(() => addPull());

  it("creates, paginates and edits summary comments", async () => {
    for (let i = 0; i < 3; i += 1) await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: `comment ${i}` });
    const pages = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 7, per_page: 2 });
    expect(pages.map((comment) => comment.body)).toEqual(["comment 0", "comment 1", "comment 2"]);
    const first = pages[0];
    if (first === undefined) throw new Error("no comment");
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: first.id, body: "edited" });
    expect(data).toMatchObject({ body: "edited", performed_via_github_app: { slug: "pr-reviewer" } });
    expect(github.issueComments[0]?.history).toEqual(["comment 0", "edited"]);
    const blank = await rejection(octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: " " }));
    expect(blank.response?.data).toMatchObject({ message: "Validation Failed", errors: [{ resource: "IssueComment", code: "missing_field", field: "body" }] });
  });
});

describe("contents, auth and the unexpected", () => {
  it("serves a config file raw from the default branch, or 404", async () => {
    addPull();
    github.setFile(owner, repo, ".github/pr-reviewer.yml", "review_drafts: true\n");
    github.setFile(owner, repo, ".github/pr-reviewer.yml", "review_drafts: false\n", "feature-7");
    const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: ".github/pr-reviewer.yml", mediaType: { format: "raw" } });
    expect(raw.data).toBe("review_drafts: true\n");
    expect(raw.headers["content-type"]).toBe("application/vnd.github.v3.raw; charset=utf-8");
    const json = await octokit.rest.repos.getContent({ owner, repo, path: ".github/pr-reviewer.yml", ref: "feature-7" });
    expect(json.data).toMatchObject({ type: "file", encoding: "base64", path: ".github/pr-reviewer.yml" });
    const missing = await rejection(octokit.rest.repos.getContent({ owner, repo: ".github", path: ".github/pr-reviewer.yml" }));
    expect(missing.status).toBe(404);
    expect(github.unhandled).toEqual([]);
  });

  it("wants a JWT for installation tokens and a token for the rest", async () => {
    const anonymous = new Octokit({ baseUrl: github.baseUrl, log: quiet });
    expect((await rejection(anonymous.rest.pulls.get({ owner, repo, pull_number: 1 }))).status).toBe(401);
    expect((await rejection(anonymous.rest.apps.createInstallationAccessToken({ installation_id: 5 }))).status).toBe(401);
    const claims = Buffer.from(JSON.stringify({ iat: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 600, iss: 1 })).toString("base64url");
    const app = new Octokit({ baseUrl: github.baseUrl, auth: `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`, log: quiet });
    const { status, data } = await app.rest.apps.createInstallationAccessToken({ installation_id: 5 });
    expect(status).toBe(201);
    expect(data).toMatchObject({ token: expect.stringMatching(/^ghs_/), repository_selection: "all", permissions: { pull_requests: "write" } });
  });

  it("answers anything else 404 and records it as unhandled", async () => {
    const error = await rejection(octokit.request("GET /repos/{owner}/{repo}/branches", { owner, repo }));
    expect(error.status).toBe(404);
    expect(github.unhandled).toMatchObject([{ method: "GET", path: `/repos/${owner}/${repo}/branches` }]);
  });
});

describe("error injection", () => {
  beforeEach(() => addPull());

  it("surfaces injected errors as Octokit RequestErrors, once", async () => {
    github.failNext({ method: "GET", path: `/repos/${owner}/${repo}/pulls/7`, status: 500 });
    expect((await rejection(octokit.rest.pulls.get({ owner, repo, pull_number: 7 }))).status).toBe(500);
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 7 })).status).toBe(200);

    github.failNext({ method: "POST", path: /\/reviews$/, ...secondaryRateLimit(30) });
    const limited = await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, event: "COMMENT", body: "x" }));
    expect(limited.status).toBe(403);
    expect(limited.response?.headers["retry-after"]).toBe("30");
    expect(limited.message).toMatch(/secondary rate limit/);
    expect(github.reviews).toEqual([]);
    expect(github.requests.filter((request) => request.injected)).toHaveLength(2);
  });

  it("can let the request take effect and still fail, like a 502 on a review GitHub did create", async () => {
    github.failNext({ method: "POST", path: /\/reviews$/, status: 502, afterEffect: true });
    expect((await rejection(octokit.rest.pulls.createReview({ owner, repo, pull_number: 7, event: "COMMENT", body: "x" }))).status).toBe(502);
    expect(github.reviews).toHaveLength(1);
  });
});

describe("waitFor", () => {
  beforeEach(() => addPull());

  it("resolves when a request brings the awaited state", async () => {
    const posted = github.waitFor((state) => state.issueComments.find((comment) => comment.body === "hello"));
    await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: "hello" });
    await expect(posted).resolves.toMatchObject({ body: "hello", issue_number: 7 });
  });

  it("rejects after the timeout, naming what was awaited and what happened", async () => {
    await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    const started = Date.now();
    await expect(github.waitFor((state) => state.reviews.length > 0, { timeoutMs: 50, description: "a review" })).rejects.toThrow(
      /waitFor timed out after 50 ms waiting for: a review\nRecorded requests \(1\):\n {2}GET \/repos\/acme\/widgets\/pulls\/7 → 200/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
