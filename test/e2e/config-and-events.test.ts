import { describe, expect, it } from "vitest";
import { toolCallCompletion } from "../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../helpers/git-patch.js";
import { checkRunPayload } from "../helpers/webhooks.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

describe("repository configuration (.github/pr-reviewer.yml on the default branch)", () => {
  it("leaves files matched by `ignore` out of the prompt and lists them as skipped, and passes instructions to the model", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", 'ignore:\n  - "docs/**"\ninstructions: Flag every TODO.\n');
    fx.respond = () => toolCallCompletion("submit_review", { summary: "s", findings: [{ path: "src/cache.ts", line: 10, severity: "minor", body: "b" }] });
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    const user = fx.userMessage();
    expect(user).not.toContain("docs/README.md");
    expect(user).toContain("File: src/cache.ts");
    expect(user).toContain("Review instructions from the repository's maintainers:\nFlag every TODO.");
    expect(fx.github.issueComments[0]?.body).toContain("| `docs/README.md` | ignored by `docs/**` |");
  });

  it.each([
    ["bad YAML", "ignore: [unclosed\n", /could not be read: Configuration could not be parsed from .*pr-reviewer\.yml \(invalid YAML\)/],
    ["a wrong type", "review_drafts: sometimes\n", /`review_drafts`: Invalid input: expected boolean, received string/],
    ["an unknown key", "ignores:\n  - docs/**\n", /unknown key `ignores` \(known keys: `ignore`, `use_default_ignore`, `review_drafts`, `instructions`, /],
  ])("reports %s in the check run, naming the file, and still reviews with the defaults", async (_name, yaml, problem) => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", yaml);
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(1);
    expect(fx.userMessage()).toContain("File: docs/README.md");
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success"]);
    const summary = fx.github.checkRuns[0]?.output.summary ?? "";
    expect(summary).toContain("`.github/pr-reviewer.yml` is invalid; the review used the default settings.");
    expect(summary).toMatch(problem);
  });

  it("takes the organisation's config from the owner's .github repository when the repository has none", async () => {
    fx.github.removeFile(OWNER, REPO, ".github/pr-reviewer.yml");
    fx.github.addRepository({ owner: OWNER, repo: ".github" });
    fx.github.setFile(OWNER, ".github", ".github/pr-reviewer.yml", 'ignore: ["src/**"]\n');
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.userMessage()).not.toContain("src/cache.ts");
    expect(fx.userMessage()).toContain("docs/README.md");
  });
});

describe("which events start a review", () => {
  it("does not review a draft, and reviews it once it is marked ready for review", async () => {
    await fx.start();
    addCachePullRequest(fx.github, { draft: true });
    await fx.app.deliver("pull_request", prPayload("opened", { draft: true }));
    await fx.app.idle();
    expect(fx.github.checkRuns).toEqual([]);
    expect(fx.model.requests).toEqual([]);

    fx.github.updatePullRequest({ owner: OWNER, repo: REPO, number: 7, draft: false });
    await fx.app.deliver("pull_request", prPayload("ready_for_review"));
    await fx.app.idle();
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success"]);
  });

  it("reviews drafts when review_drafts is true", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "review_drafts: true\n");
    await fx.start();
    addCachePullRequest(fx.github, { draft: true });
    await fx.app.deliver("pull_request", prPayload("opened", { draft: true }));
    await fx.app.idle();
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success"]);
  });

  it("starts a fresh review of the PR's head when GitHub's Re-run button is pressed on our check run", async () => {
    await fx.start();
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    const first = fx.github.checkRuns[0];
    if (!first) throw new Error("no check run after the first review");

    const rerun = checkRunPayload("rerequested", {
      owner: OWNER,
      repo: REPO,
      installationId: INSTALLATION_ID,
      checkRunId: first.id,
      headSha: HEAD_SHA,
      name: "pr-reviewer",
      appId: fx.github.appId,
      externalId: "pr-7",
      pullRequests: [],
    });
    expect((await fx.app.deliver("check_run", rerun)).status).toBe(200);
    await fx.app.idle();

    expect(fx.github.checkRuns.map((run) => run.head_sha)).toEqual([HEAD_SHA, HEAD_SHA]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success", "in_progress", "completed:success"]);
    expect(fx.model.chatRequests).toHaveLength(2);
  });
});

describe("large pull requests", () => {
  it("lists every file across pages and splits the diff over several model calls under the budget, losing none", async () => {
    const patch = gitPatch(numberedLines(12), numberedLines(12, (n) => (n === 6 ? "changed" : `line ${n}`)));
    const files = Array.from({ length: 230 }, (_, i) => ({ filename: `pkg${i % 7}/file${i}.ts`, status: "modified" as const, patch }));
    fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 9, title: "Big", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA, files });
    fx.respond = (_request, index) => toolCallCompletion("submit_review", { summary: `part ${index}`, findings: [] });
    await fx.start({ MODEL_PROMPT_BUDGET_TOKENS: "6000" });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 9, title: "Big", body: "" }));
    await fx.app.idle();

    // 100 a page; GitHub's Link header names the repository by id, so match the route's tail.
    const pages = fx.github.requests.filter((r) => r.method === "GET" && r.path.endsWith("/pulls/9/files"));
    expect(pages).toHaveLength(3);
    const calls = fx.model.chatRequests.length;
    expect(calls).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (let i = 0; i < calls; i += 1) {
      for (const match of fx.userMessage(i).matchAll(/^File: (\S+)/gm)) if (match[1] !== undefined) seen.add(match[1]);
      expect(fx.userMessage(i)).toContain(`This is part ${i + 1} of ${calls} of the diff`);
    }
    expect(seen).toEqual(new Set(files.map((f) => f.filename)));
    // One progress update per finished part but the last, then the completion.
    expect(fx.checkRunStates()).toEqual(["in_progress", ...Array.from({ length: calls - 1 }, () => "in_progress"), "completed:success"]);
    expect(fx.github.checkRuns[0]?.history[1]?.output.summary).toMatch(new RegExp(`^Reviewed [1-9]\\d* of 230 files \\(1 of ${calls} parts\\)\\.$`));
    expect(fx.github.checkRuns[0]?.output.summary).toContain("230 files, 0 new findings");
  });
});
