import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";
import { startFakeModel, toolCallCompletion, type FakeModel, type Respond } from "../helpers/fake-model.js";
import { addCachePullRequest, BASE_SHA, HEAD_SHA, OWNER, prPayload, REPO } from "../e2e/support/scenario.js";
import { pullRequestPayload } from "../helpers/webhooks.js";
import { reviewRequests } from "../helpers/model/second-look.js";
import { runActionStep } from "./support/run-bundle.js";

const MODEL_KEY = "sk-action-model-key-123456";

const findings = [
  { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key.", suggestion: "return cache.get(key) ?? load(key);" },
  { path: "src/cache.ts", start_line: 21, line: 22, severity: "minor", title: "Assignment instead of comparison", body: "`entry = null` assigns." },
];

let github: FakeGitHub;
let model: FakeModel;
let respond: Respond;

beforeEach(async () => {
  respond = () => toolCallCompletion("submit_review", { summary: "Adds a cache in front of the store.", findings });
  github = await startFakeGitHub();
  github.addRepository({ owner: OWNER, repo: REPO });
  model = await startFakeModel((request, index) => respond(request, index), { apiKey: MODEL_KEY });
  addCachePullRequest(github);
});

afterEach(async () => {
  await model.close();
  await github.close();
});

/** What a workflow's `with:` and the runner give the step: the job's token, the API of (fake) GitHub, the model. */
function stepEnv(inputs: Readonly<Record<string, string>> = {}): Record<string, string> {
  const token = github.createInstallationToken();
  return {
    GITHUB_API_URL: github.baseUrl,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    INPUT_GITHUB_TOKEN: token,
    INPUT_OPENAI_BASE_URL: model.baseUrl,
    INPUT_OPENAI_API_KEY: MODEL_KEY,
    INPUT_OPENAI_MODEL: "",
    INPUT_FAIL_ON: "",
    INPUT_CONFIG_PATH: ".github/pr-reviewer.yml",
    MODEL_MAX_RETRIES: "0",
    MODEL_TIMEOUT_MS: "10000",
    REVIEW_PART_CONCURRENCY: "1",
    ...inputs,
  };
}

describe("the GitHub Action, run from its committed bundle as a workflow step", () => {
  it("reviews a pull_request run's PR through the API, writes the job summary and passes under fail_on never", async () => {
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv());

    expect(step.stdout).not.toContain("::error");
    expect(step.exitCode).toBe(0);
    expect(github.unhandled).toEqual([]);
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0]).toMatchObject({ commit_id: HEAD_SHA, state: "COMMENTED" });
    expect(github.reviews[0]?.comments.map((c) => [c.path, c.line, c.start_line ?? null])).toEqual([
      ["src/cache.ts", 10, null],
      ["src/cache.ts", 22, 21],
    ]);
    expect(github.issueComments.map((c) => c.body)).toEqual([expect.stringContaining("<!-- pr-reviewer:summary -->")]);
    expect(github.checkRuns.map((run) => [run.name, run.head_sha, run.status, run.conclusion])).toEqual([["pr-reviewer", HEAD_SHA, "completed", "neutral"]]);

    expect(step.summary).toMatch(/^## pr-reviewer: \[octo-org\/widgets#7\]\(https:\/\/github\.example\/octo-org\/widgets\/pull\/7\)\n/);
    expect(step.summary).toContain("2 findings (1 major, 1 minor).");
    expect(step.summary).toContain("#### 🟠 **Major** `src/cache.ts:10` — Non-null assertion on a cache miss");
    expect(step.outputs).toEqual({ findings: "2", conclusion: "neutral" });
    // The model's key and the job's token never reach the log.
    expect(step.stdout).not.toContain(MODEL_KEY);
    expect(model.requests.every((r) => r.headers["authorization"] === `Bearer ${MODEL_KEY}`)).toBe(true);
  });

  it("fails the step (and the check run) when an open finding meets fail_on, with the reason in the log", async () => {
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_FAIL_ON: "major" }));
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain("Failing the step: an open finding is major or worse (fail_on: major).");
    expect(github.checkRuns[0]?.conclusion).toBe("failure");
    expect(step.outputs).toEqual({ findings: "2", conclusion: "failure" });
    expect(github.reviews).toHaveLength(1);
  });

  it("keeps the fail_on input when the repository's config is invalid and falls back to the defaults: the check run fails with the step", async () => {
    github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: off\nreveiw_drafts: true\n");
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_FAIL_ON: "major" }));
    expect(step.exitCode).toBe(1);
    expect(github.checkRuns[0]?.conclusion).toBe("failure");
    expect(github.checkRuns[0]?.output.summary).toContain("unknown key `reveiw_drafts`");
  });

  it("handles pull_request_target alike, takes the App's variables from env, and reads config_path from the default branch", async () => {
    github.setFile(OWNER, REPO, "ci/review.yml", "fail_on: minor\nseverity_threshold: major\n");
    const env = stepEnv({ INPUT_CONFIG_PATH: "ci/review.yml", INPUT_OPENAI_BASE_URL: "", INPUT_OPENAI_API_KEY: "", OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: MODEL_KEY, OPENAI_MODEL: "my/reviewer" });
    const step = await runActionStep("pull_request_target", prPayload("synchronize"), env);
    expect(step.exitCode).toBe(1);
    expect(model.chatRequests[0]?.model).toBe("my/reviewer");
    // severity_threshold from the file: the minor finding is listed in the summary only.
    expect(github.reviews[0]?.comments.map((c) => c.line)).toEqual([10]);
    expect(github.checkRuns[0]?.conclusion).toBe("failure");
    expect(step.stdout).toContain("fail_on: minor");
  });

  const notAccessible = { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs", status: "403" };

  it("reviews without a check run when the token may not read check runs (checks: none), and says so", async () => {
    github.failNext({ method: "GET", path: /\/commits\/[0-9a-f]{40}\/check-runs$/, status: 403, body: notAccessible });
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_FAIL_ON: "critical" }));
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("no check run: the token may not read check runs (grant checks: write to get one)");
    expect(github.requests.filter((r) => r.path.endsWith("/check-runs") && r.method === "POST")).toEqual([]);
    expect(github.checkRuns).toEqual([]);
    expect(github.reviews).toHaveLength(1);
    expect(github.issueComments).toHaveLength(1);
    expect(step.summary).toContain("2 findings");
  });

  it("reviews without a check run when the token may read but not create one, and still fails on fail_on", async () => {
    github.failNext({ method: "POST", path: `/repos/${OWNER}/${REPO}/check-runs`, status: 403, body: notAccessible });
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_FAIL_ON: "major" }));
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain("no check run: the token may not create one (grant checks: write to get one)");
    expect(github.requests.filter((r) => r.path.endsWith("/check-runs") && r.method === "POST").map((r) => r.status)).toEqual([403]);
    expect(github.checkRuns).toEqual([]);
    expect(github.reviews).toHaveLength(1);
  });

  it("fails the step with an ::error:: line when the review cannot be done (the model refuses the key)", async () => {
    const step = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_OPENAI_API_KEY: "sk-wrong" }));
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/^::error title=pr-reviewer::The review could not be done: .*(401|key)/im);
    expect(github.reviews).toEqual([]);
    expect(github.checkRuns[0]?.conclusion).toBe("failure");
    expect(step.summary).toContain("**The review could not be done:**");
  });

  it("fails with an ::error:: line when it is not set up, and passes on events it does not review", async () => {
    const missingKey = await runActionStep("pull_request", prPayload("opened"), stepEnv({ INPUT_OPENAI_API_KEY: "" }));
    expect(missingKey.exitCode).toBe(1);
    expect(missingKey.stdout).toContain("::error::pr-reviewer is not set up: OPENAI_API_KEY: no API key for the model endpoint");
    const closed = await runActionStep("pull_request", { ...prPayload("opened"), action: "closed" }, stepEnv());
    expect(closed.exitCode).toBe(0);
    expect(closed.stdout).toContain("nothing to do: pull_request.closed brings no new code to review");
    expect(github.requests).toEqual([]);
  });

  it("does not review a commit twice, unless the job is re-run (a new attempt reviews it again in full)", async () => {
    const first = await runActionStep("pull_request", prPayload("opened"), stepEnv());
    expect(first.exitCode).toBe(0);
    const again = await runActionStep("pull_request", prPayload("reopened"), stepEnv());
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("Not reviewed: this commit was already reviewed (re-run to review it again).");
    expect(again.summary).toContain("this commit was already reviewed");
    // The review's own requests: the second look at its major finding comes on top.
    expect(reviewRequests(model.chatRequests)).toHaveLength(1);
    const rerun = await runActionStep("pull_request", prPayload("opened"), stepEnv({ GITHUB_RUN_ATTEMPT: "2" }));
    expect(rerun.exitCode).toBe(0);
    expect(reviewRequests(model.chatRequests)).toHaveLength(2);
    // Found again, not posted again: the second review carries no repeated inline comment.
    expect(github.reviews.flatMap((r) => r.comments)).toHaveLength(2);
    expect(github.issueComments).toHaveLength(1);
  });

  it("leaves a fork's pull_request_target run to a maintainer under automatic_reviews.forks: false; re-running the job reviews it", async () => {
    github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "automatic_reviews:\n  forks: false\n");
    const fromFork = pullRequestPayload("opened", {
      owner: OWNER, repo: REPO, number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, installationId: 1, author: "stranger", headRepo: { owner: "stranger", repo: REPO },
    });
    const step = await runActionStep("pull_request_target", fromFork, stepEnv());
    expect(step.exitCode).toBe(0);
    expect(model.chatRequests).toHaveLength(0);
    expect(step.summary).toContain("Not reviewed: the pull request comes from a fork");
    expect(step.outputs).toEqual({ findings: "0", conclusion: "skipped" });
    expect(github.checkRuns.map((run) => [run.conclusion, run.output.title])).toEqual([["skipped", "Not reviewed automatically — re-run to review"]]);
    // The Action's way first: a re-run, or /review where the workflow runs on comments.
    expect(github.issueComments.map((c) => c.body)).toEqual([expect.stringContaining("A maintainer can re-run the workflow's job, or comment `/review` where the workflow runs on comments")]);

    const rerun = await runActionStep("pull_request_target", fromFork, stepEnv({ GITHUB_RUN_ATTEMPT: "2" }));
    expect(rerun.exitCode).toBe(0);
    expect(reviewRequests(model.chatRequests)).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
    expect(github.issueComments).toHaveLength(1);
  });

  it("still passes and writes the summary when the token may not create the skipped push's check run", async () => {
    github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "automatic_reviews:\n  forks: false\n");
    github.failNext({ method: "POST", path: `/repos/${OWNER}/${REPO}/check-runs`, status: 403, body: notAccessible });
    const fromFork = pullRequestPayload("synchronize", {
      owner: OWNER, repo: REPO, number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, installationId: 1, author: "stranger", headRepo: { owner: "stranger", repo: REPO },
    });
    const step = await runActionStep("pull_request_target", fromFork, stepEnv());
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain("no check run: the token may not write check runs (grant checks: write to get one)");
    expect(github.checkRuns).toEqual([]);
    expect(github.issueComments).toHaveLength(1);
    expect(model.chatRequests).toHaveLength(0);
  });
});
