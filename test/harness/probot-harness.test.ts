import type { ApplicationFunction } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";
import { gitPatch } from "../helpers/git-patch.js";
import { pullRequestPayload } from "../helpers/webhooks.js";
import { startProbotHarness, type ProbotHarness } from "./probot-harness.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);

/** A stand-in app that touches every endpoint the real one relies on, to prove the chain works end to end. */
const probeApp: ApplicationFunction = (app) => {
  app.on("pull_request.opened", async (context) => {
    const config = await context.config<{ review_drafts?: boolean }>("pr-reviewer.yml");
    const pull = context.pullRequest();
    const files = await context.octokit.paginate(context.octokit.rest.pulls.listFiles, { ...pull, per_page: 100 });
    const check = await context.octokit.rest.checks.create(context.repo({ name: "pr-reviewer", head_sha: context.payload.pull_request.head.sha, status: "in_progress" }));
    await context.octokit.rest.pulls.createReview({
      ...pull,
      commit_id: context.payload.pull_request.head.sha,
      event: "COMMENT",
      body: `config: ${JSON.stringify(config)}; files: ${files.length}`,
      comments: [{ path: "src/a.ts", line: 2, body: "second line" }],
    });
    await context.octokit.rest.checks.update(context.repo({ check_run_id: check.data.id, conclusion: "neutral", output: { title: "Done", summary: "1 finding" } }));
  });
};

let github: FakeGitHub;
let harness: ProbotHarness;

beforeEach(async () => {
  github = await startFakeGitHub();
  harness = await startProbotHarness({ app: probeApp, github });
  github.addPullRequest({
    owner, repo, number: 3, headSha: HEAD, baseSha: BASE,
    files: [{ filename: "src/a.ts", status: "added", patch: gitPatch(null, "one\ntwo\n") }],
  });
});

afterEach(async () => {
  await harness.close();
  await github.close();
});

const opened = (): ReturnType<typeof pullRequestPayload> =>
  pullRequestPayload("opened", { owner, repo, number: 3, headSha: HEAD, baseSha: BASE, installationId: 42, title: "Add a" });

describe("Probot against the fake GitHub", () => {
  it("authenticates as the installation, reads config from the default branch, reviews and completes the check", async () => {
    github.setFile(owner, repo, ".github/pr-reviewer.yml", "review_drafts: true\n");
    const delivery = await harness.deliver("pull_request", opened());
    expect(delivery.status).toBe(200);

    const [review] = github.reviews;
    expect(review).toMatchObject({ body: 'config: {"review_drafts":true}; files: 1', commit_id: HEAD, comments: [{ path: "src/a.ts", line: 2 }] });
    expect(github.checkRuns[0]?.history.map((state) => state.status)).toEqual(["in_progress", "completed"]);
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /app/installations/42/access_tokens",
      "GET /repos/acme/widgets/contents/.github%2Fpr-reviewer.yml",
      "GET /repos/acme/widgets/pulls/3/files",
      "POST /repos/acme/widgets/check-runs",
      "POST /repos/acme/widgets/pulls/3/reviews",
      "PATCH /repos/acme/widgets/check-runs/" + String(github.checkRuns[0]?.id),
    ]);
    expect(github.requests[1]?.headers["accept"]).toBe("application/vnd.github.v3.raw");
    expect(github.requests[1]?.query).toEqual({});
    expect(github.unhandled).toEqual([]);
  });

  it("falls back to the owner's .github repository when the repository has no config", async () => {
    github.setFile(owner, ".github", ".github/pr-reviewer.yml", "review_drafts: false\n");
    await harness.deliver("pull_request", opened());
    expect(github.reviews[0]?.body).toContain('config: {"review_drafts":false}');
    expect(github.requests.filter((request) => request.path.includes("/contents/")).map((request) => `${request.path} → ${request.status}`)).toEqual([
      "/repos/acme/widgets/contents/.github%2Fpr-reviewer.yml → 404",
      "/repos/acme/.github/contents/.github%2Fpr-reviewer.yml → 200",
    ]);
  });

  it("does not retry: an injected 500 reaches the app once", async () => {
    github.failNext({ method: "POST", path: "/repos/acme/widgets/check-runs", status: 500 });
    const delivery = await harness.deliver("pull_request", opened());
    expect(delivery.status).toBe(500);
    expect(github.requests.filter((request) => request.path.endsWith("/check-runs"))).toHaveLength(1);
    expect(github.reviews).toEqual([]);
  });

  it("rejects a forged signature without calling GitHub", async () => {
    const delivery = await harness.deliverForged("pull_request", opened());
    expect(delivery).toMatchObject({ status: 400, body: expect.stringContaining("signature does not match") });
    expect(github.requests).toEqual([]);
  });
});
