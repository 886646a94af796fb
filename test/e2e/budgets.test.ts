import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startFakeModel } from "../helpers/fake-model.js";
import { startTestRedis } from "../helpers/redis-server.js";
import { checkRunPayload } from "../helpers/webhooks.js";
import { startAppUnderTest, type AppUnderTest } from "./support/app-under-test.js";
import { ONE_FINDING, shaOf } from "./support/burst.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const redis = await startTestRedis();
if (redis.url === undefined) console.warn(`Skipping the shared-budget (Redis) test: ${redis.skipReason}`);
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

// Every review of ONE_FINDING costs 1,000 prompt tokens and some completion tokens: one review spends a budget of 1,000.
const fx = useE2EFixture(() => ONE_FINDING);
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

const BUDGET = { INSTALLATION_DAILY_TOKEN_BUDGET: "1000" };
const BUDGET_TITLE = /^Not reviewed: INSTALLATION_DAILY_TOKEN_BUDGET spent until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/;

async function openPullRequest(app: AppUnderTest, number: number): Promise<void> {
  addCachePullRequest(fx.github, { number, headSha: shaOf(number, 0) });
  expect((await app.deliver("pull_request", prPayload("opened", { number, headSha: shaOf(number, 0) }))).status).toBe(200);
  await app.idle();
}

function runsOf(number: number): Array<{ state: string; title: string; summary: string; externalId: string | null }> {
  return fx.github.checkRuns
    .filter((run) => run.head_sha === shaOf(number, 0))
    .map((run) => ({ state: `${run.status}:${run.conclusion ?? ""}`, title: run.output.title ?? "", summary: run.output.summary ?? "", externalId: run.external_id }));
}

async function metricsOf(app: AppUnderTest): Promise<string> {
  return (await fetch(`${app.server.url}/metrics`, { headers: { connection: "close" } })).text();
}

describe("INSTALLATION_DAILY_TOKEN_BUDGET", () => {
  it("lets the review that starts under the budget finish, then reviews nothing more: no model call, a neutral check run naming the budget and when it frees up, counted in the metrics", async () => {
    await fx.start(BUDGET);
    await openPullRequest(fx.app, 1);
    expect(fx.model.chatRequests).toHaveLength(1);
    expect(runsOf(1).map((run) => run.state)).toEqual(["completed:neutral"]);
    expect(fx.github.reviews).toHaveLength(1);

    await openPullRequest(fx.app, 2);
    expect(fx.model.chatRequests).toHaveLength(1);
    expect(fx.github.reviews).toHaveLength(1);
    const [refused] = runsOf(2);
    expect(refused?.state).toBe("completed:neutral");
    expect(refused?.title).toMatch(BUDGET_TITLE);
    expect(refused?.summary).toMatch(/no model call was made: the model tokens used by this GitHub App installation in the last 24 hours \(1,\d{3}\) reached its daily budget, `INSTALLATION_DAILY_TOKEN_BUDGET` \(1,000\)/);
    expect(refused?.summary).toMatch(/The budget frees up at \*\*\d{4}-\d\d-\d\d \d\d:\d\d UTC\*\* \(in 24 h( 1 min)?\)/);
    expect(fx.github.issueComments.filter((c) => (c.body ?? "").includes("pr-reviewer:summary"))).toHaveLength(1);
    expect(await metricsOf(fx.app)).toContain('pr_reviewer_budget_spent_total{budget="installation_daily_tokens"} 1');
    expect(fx.app.logs.some((line) => line.includes('"msg":"token budget spent: commit not reviewed, no model call made"') && line.includes('"owner":"installation:4242"'))).toBe(true);
  });

  it("answers GitHub's Re-run of the refused check run with the same refusal while the budget is spent, and reviews the commit on its next event once there is budget again", async () => {
    await fx.start(BUDGET);
    await openPullRequest(fx.app, 1);
    await openPullRequest(fx.app, 2);
    const refused = fx.github.checkRuns.find((run) => run.head_sha === shaOf(2, 0));
    if (refused === undefined) throw new Error("no check run for the refused PR");
    expect(refused.external_id).toBe("pr-2:not-reviewed");

    // A fork's PR: GitHub links no pull request to the run, so the PR comes from its external id.
    const rerun = checkRunPayload("rerequested", {
      owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkRunId: refused.id, headSha: shaOf(2, 0),
      name: "pr-reviewer", appId: fx.github.appId, externalId: refused.external_id ?? "", pullRequests: [],
    });
    expect((await fx.app.deliver("check_run", rerun)).status).toBe(200);
    await fx.app.idle();
    expect(runsOf(2).map((run) => run.state)).toEqual(["completed:neutral", "completed:neutral"]);
    expect(runsOf(2)[1]?.title).toMatch(BUDGET_TITLE);
    expect(fx.model.chatRequests).toHaveLength(1);

    // A restarted single replica keeps its ledger in memory: the budget starts afresh. The refused commit was
    // not recorded as reviewed, so its next event reviews it.
    await fx.app.close();
    const next = await startAppUnderTest(fx.github, fx.model, BUDGET);
    started.push(next);
    expect((await next.deliver("pull_request", prPayload("reopened", { number: 2, headSha: shaOf(2, 0) }))).status).toBe(200);
    await next.idle();
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(runsOf(2).map((run) => run.state)).toEqual(["completed:neutral", "completed:neutral", "completed:neutral"]);
    expect(runsOf(2)[2]).toMatchObject({ externalId: "pr-2", title: "1 finding (1 major)" });
    expect(fx.github.reviews.map((review) => review.commit_id)).toEqual([shaOf(1, 0), shaOf(2, 0)]);
  });

  it.skipIf(redis.url === undefined)("is one budget for every replica sharing REDIS_URL: tokens spent on one refuse the next review on the other", async () => {
    const model = await startFakeModel(() => ONE_FINDING);
    started.push(model);
    const shared = { ...BUDGET, REDIS_URL: redis.url ?? "", REDIS_PREFIX: `test-${randomUUID()}` };
    const a = await startAppUnderTest(fx.github, model, shared);
    started.push(a);
    const b = await startAppUnderTest(fx.github, model, shared);
    started.push(b);

    await openPullRequest(a, 1);
    await b.idle();
    expect(model.chatRequests).toHaveLength(1);
    await openPullRequest(b, 2);
    await a.idle();
    expect(model.chatRequests).toHaveLength(1);
    expect(runsOf(2).map((run) => run.state)).toEqual(["completed:neutral"]);
    expect(runsOf(2)[0]?.title).toMatch(BUDGET_TITLE);
    const counted = await Promise.all([metricsOf(a), metricsOf(b)]);
    expect(counted.filter((text) => text.includes('pr_reviewer_budget_spent_total{budget="installation_daily_tokens"} 1'))).toHaveLength(1);
  });
});

describe("server caps on the repository config (MAX_PROMPT_TOKENS_CAP, MAX_FILES_CAP)", () => {
  it("lower the values a repository asks for above them, and say so once in the check run and the summary comment, as a note", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "max_files: 50\nmax_prompt_tokens: 900000\n");
    await fx.start({ MAX_FILES_CAP: "1", MAX_PROMPT_TOKENS_CAP: "200000" });
    await openPullRequest(fx.app, 1);

    // One file reviewed: the source file before the doc, the doc listed as not reviewed.
    expect(fx.userMessage()).toContain("File: src/cache.ts");
    expect(fx.userMessage()).not.toContain("docs/README.md");
    const [run] = runsOf(1);
    expect(run?.state).toBe("completed:neutral");
    const summary = run?.summary ?? "";
    expect(summary).toContain(
      "**Lowered to this server's limits** (`.github/pr-reviewer.yml`):\n" +
        "- `max_prompt_tokens: 900000` is above this server's limit, so 200000 was used (`MAX_PROMPT_TOKENS_CAP`, set by the operator).\n" +
        "- `max_files: 50` is above this server's limit, so 1 was used (`MAX_FILES_CAP`, set by the operator).",
    );
    expect(summary.match(/above this server's limit/g)).toHaveLength(2);
    expect(summary).not.toContain("is invalid");
    const comment = fx.github.issueComments.find((c) => (c.body ?? "").includes("pr-reviewer:summary"))?.body ?? "";
    expect(comment).toContain("> [!NOTE]\n> `.github/pr-reviewer.yml` asks for more than this server allows:\n> - `max_prompt_tokens: 900000` is above this server's limit");
    expect(comment).toContain("| `docs/README.md` |");
  });

  it("say nothing when the repository asks for no more than the caps", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "max_files: 1\n");
    await fx.start({ MAX_FILES_CAP: "1" });
    await openPullRequest(fx.app, 1);
    expect(runsOf(1)[0]?.summary).not.toContain("Lowered");
  });
});
