import { afterEach, describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "../../src/core/diff/unified-diff.js";
import { runActionStep } from "../action/support/run-bundle.js";
import { cacheRepo } from "../cli/support/cache-repo.js";
import { runCliInProcess } from "../cli/support/run-cli.js";
import { startFakeGitHub, type FakeGitHub, type FileSpec } from "../helpers/fake-github.js";
import { startFakeModel, textCompletion, toolCallCompletion, type FakeModel } from "../helpers/fake-model.js";
import { GIT_TEST_ENV, type TempRepo } from "../helpers/temp-repo.js";
import { reviewRequests } from "../helpers/model/second-look.js";
import { issueCommentPayload, pullRequestPayload } from "../helpers/webhooks.js";
import { MODEL_API_KEY, startAppUnderTest } from "./support/app-under-test.js";

const OWNER = "octo-org";
const REPO = "widgets";

Object.assign(process.env, GIT_TEST_ENV);

/** One answer for every door: findings inline, on a range, off the diff, below the threshold and on no reviewed file. */
const ANSWER = {
  summary: "Adds a cache and a store.",
  findings: [
    { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key.", suggestion: "return cache.get(key) ?? load(key);" },
    { path: "src/cache.ts", start_line: 21, line: 22, severity: "critical", title: "Assignment instead of comparison", body: "`entry = null` assigns." },
    { path: "src/cache.ts", line: 2, severity: "minor", title: "Outside the diff", body: "Line 2 was not changed." },
    { path: "src/store.ts", line: 2, severity: "nit", title: "Name the constant", body: "`42` deserves a name." },
    { path: "src/nope.ts", line: 1, severity: "major", title: "Not in this change", body: "No such file." },
  ],
};

interface ComparableFinding {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly severity: string;
  readonly title: string;
  readonly body: string;
}

const byPlace = (a: ComparableFinding, b: ComparableFinding): number => a.path.localeCompare(b.path) || a.startLine - b.startLine;

/** The findings as a door published them on GitHub: the check run's annotations carry every one, with its severity. */
function publishedFindings(github: FakeGitHub): ComparableFinding[] {
  const run = github.checkRuns[0];
  return (run?.annotations ?? [])
    .map((a) => {
      const title = /^\[(\w+)\] (.*)$/.exec(a.title ?? "");
      return { path: a.path, startLine: a.start_line, endLine: a.end_line, severity: title?.[1] ?? "", title: title?.[2] ?? "", body: a.message };
    })
    .sort(byPlace);
}

/** The part of a prompt that is the change itself: everything from the diff on (the PR's name and text differ by door). */
function diffPart(model: FakeModel, index: number): string {
  const user = String(reviewRequests(model.chatRequests)[index]?.messages.find((m) => m.role === "user")?.["content"] ?? "");
  return user.slice(user.indexOf("The diff (untrusted):"));
}

describe("one change (and one comment) through the App, the Action and the command line", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fake GitHub holding the repository's branch as pull request #7: GitHub's patches are git's, the head's files are the commit's. */
  async function githubWithPullRequest(repo: TempRepo, headSha: string, baseSha: string, files: readonly FileSpec[]): Promise<FakeGitHub> {
    const github = await startFakeGitHub();
    cleanups.push(() => github.close());
    github.addRepository({ owner: OWNER, repo: REPO });
    github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: "Cache lookups", body: "Adds a cache.", headSha, baseSha, files });
    for (const file of files) {
      if (file.status !== "removed") github.setFile(OWNER, REPO, file.filename, repo.git("show", `${headSha}:${file.filename}`), headSha);
    }
    return github;
  }

  it("sends the model the same diff and context, and gets the same findings, from each door", async () => {
    const repo = cacheRepo();
    cleanups.push(() => repo.remove());
    repo.git("checkout", "--quiet", "main");
    repo.write("src/old.ts", "export const old = 1;\n");
    repo.commit("Old code");
    repo.git("checkout", "--quiet", "cache");
    repo.git("merge", "--quiet", "--no-edit", "main");
    repo.git("rm", "--quiet", "src/old.ts");
    repo.write("src/store.ts", "export const store = new Map();\nexport const limit = 42;\n");
    repo.commit("Store");
    const headSha = repo.git("rev-parse", "HEAD").trim();
    const baseSha = repo.git("merge-base", "main", "HEAD").trim();
    // What GitHub's files endpoint would list for this branch: git's own diff of it.
    const files: FileSpec[] = parseUnifiedDiff(repo.git("diff", "--find-renames", `${baseSha}`, headSha)).map((f) => ({
      filename: f.path, status: f.status, ...(f.patch === undefined ? {} : { patch: f.patch }), ...(f.previousPath === undefined ? {} : { previous_filename: f.previousPath }),
    }));
    expect(files.map((f) => `${f.status} ${f.filename}`)).toEqual(["modified src/cache.ts", "removed src/old.ts", "added src/store.ts"]);

    const model = await startFakeModel(() => toolCallCompletion("submit_review", ANSWER), { apiKey: MODEL_API_KEY });
    cleanups.push(() => model.close());
    const modelEnv = { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: MODEL_API_KEY, MODEL_MAX_RETRIES: "0", REVIEW_PART_CONCURRENCY: "1" };
    const payload = pullRequestPayload("opened", { owner: OWNER, repo: REPO, number: 7, headSha, baseSha, installationId: 4242, title: "Cache lookups", body: "Adds a cache." });

    // The App: a signed webhook to the real Probot server.
    const appGitHub = await githubWithPullRequest(repo, headSha, baseSha, files);
    const app = await startAppUnderTest(appGitHub, model);
    cleanups.push(() => app.close());
    expect((await app.deliver("pull_request", payload)).status).toBe(200);
    await app.idle();

    // The Action: the committed bundle as a workflow step with the job's token.
    const actionGitHub = await githubWithPullRequest(repo, headSha, baseSha, files);
    const step = await runActionStep("pull_request", payload, {
      GITHUB_API_URL: actionGitHub.baseUrl, INPUT_GITHUB_TOKEN: actionGitHub.createInstallationToken(), ...modelEnv,
    });
    expect(step.exitCode).toBe(0);

    // The command line, in the repository, on the branch.
    const cli = await runCliInProcess(["review", "--format", "json"], { cwd: repo.dir, env: modelEnv });
    expect(cli.exitCode).toBe(0);

    // Each door makes one review request, and one for the second look at its major and critical findings.
    expect(model.chatRequests).toHaveLength(6);
    expect(reviewRequests(model.chatRequests)).toHaveLength(3);
    const [appDiff, actionDiff, cliDiff] = [0, 1, 2].map((i) => diffPart(model, i));
    expect(appDiff).toContain("File: src/cache.ts [modified]");
    expect(actionDiff).toBe(appDiff);
    expect(cliDiff).toBe(appDiff);

    const fromApp = publishedFindings(appGitHub);
    const fromAction = publishedFindings(actionGitHub);
    const fromCli = (JSON.parse(cli.stdout) as { findings: { path: string; line: number; start_line?: number; severity: string; title: string; body: string }[] }).findings
      .map((f) => ({ path: f.path, startLine: f.start_line ?? f.line, endLine: f.line, severity: f.severity, title: f.title, body: f.body }))
      .sort(byPlace);
    expect(fromApp.map((f) => `${f.path}:${f.startLine}-${f.endLine} ${f.severity}`)).toEqual([
      "src/cache.ts:2-2 minor",
      "src/cache.ts:10-10 major",
      "src/cache.ts:21-22 critical",
      "src/store.ts:2-2 nit",
    ]);
    expect(fromAction).toEqual(fromApp);
    expect(fromCli).toEqual(fromApp);
    // And the two doors that publish place the same inline comments.
    const anchors = (github: FakeGitHub) => github.reviews[0]?.comments.map((c) => [c.path, c.start_line ?? null, c.line, c.side]);
    expect(anchors(actionGitHub)).toEqual(anchors(appGitHub));
  });

  it("answers the same comment the same way through the App's webhook and the Action's issue_comment run", async () => {
    const model = await startFakeModel((request) => ((request.tools ?? []).length > 0 ? toolCallCompletion("submit_review", ANSWER) : textCompletion("Two misses both load; the second write wins.")), { apiKey: MODEL_API_KEY });
    cleanups.push(() => model.close());
    const question = "/ask Is the cache safe when two requests miss at once?";

    /** A fake GitHub with pull request #7, a maintainer's comment on it, and that comment's issue_comment payload. */
    async function commented(options: { appId?: number; appSlug?: string } = {}) {
      const github = await startFakeGitHub(options);
      cleanups.push(() => github.close());
      github.addRepository({ owner: OWNER, repo: REPO });
      github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: "Cache lookups", body: "Adds a cache.", headSha: "a".repeat(40), baseSha: "b".repeat(40), author: "octocat",
        files: [{ filename: "src/cache.ts", status: "modified", patch: "@@ -1,1 +1,2 @@\n line 1\n+export const cache = new Map();" }] });
      github.setRole("maria", "write");
      const id = github.addPersonIssueComment({ owner: OWNER, repo: REPO, number: 7, author: "maria", body: question });
      const comment = github.issueComments.find((c) => c.id === id);
      if (comment === undefined) throw new Error("comment not stored");
      const payload = issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: 4242, pullNumber: 7, pullRequestAuthor: "octocat", comment });
      return { github, payload, id };
    }
    const replies = (github: FakeGitHub, id: number) => github.issueComments.filter((c) => c.id !== id).map((c) => c.body);

    const forApp = await commented();
    const app = await startAppUnderTest(forApp.github, model);
    cleanups.push(() => app.close());
    expect((await app.deliver("issue_comment", forApp.payload)).status).toBe(200);
    await app.idle();

    // The job's token writes as github-actions[bot].
    const forAction = await commented({ appId: 15368, appSlug: "github-actions" });
    const step = await runActionStep("issue_comment", forAction.payload, {
      GITHUB_API_URL: forAction.github.baseUrl, INPUT_GITHUB_TOKEN: forAction.github.createInstallationToken(), OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: MODEL_API_KEY, MODEL_MAX_RETRIES: "0",
    });
    expect(step.exitCode).toBe(0);

    expect(model.chatRequests).toHaveLength(2);
    expect(model.chatRequests[1]?.messages).toEqual(model.chatRequests[0]?.messages);
    expect(replies(forApp.github, forApp.id)).toEqual(["> Is the cache safe when two requests miss at once?\n\nTwo misses both load; the second write wins."]);
    expect(replies(forAction.github, forAction.id)).toEqual(replies(forApp.github, forApp.id));
    const eyes = (github: FakeGitHub, id: number) => github.reactions.filter((r) => r.commentId === id).map((r) => `${r.user.login}:${r.content}`);
    expect(eyes(forApp.github, forApp.id)).toEqual(["pr-reviewer[bot]:eyes"]);
    expect(eyes(forAction.github, forAction.id)).toEqual(["github-actions[bot]:eyes"]);
  });
});
