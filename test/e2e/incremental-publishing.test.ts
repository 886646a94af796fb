import { describe, expect, it } from "vitest";
import { toolCallCompletion, type Respond } from "../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../helpers/git-patch.js";
import { checkRunPayload } from "../helpers/webhooks.js";
import { SECOND_LOOK_OFF, useE2EFixture } from "./support/e2e-fixture.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, prPayload, REPO } from "./support/scenario.js";

const SECOND_HEAD = "c".repeat(40);
const THIRD_HEAD = "d".repeat(40);

/** src/cache.ts in three versions: the base, the first head (line 10 and an insertion after 20), the second head. */
const base = numberedLines(30);
const first = numberedLines(30, (n) => (n === 10 ? "return cache.get(key)!;" : n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : `line ${n}`));
const secondWithNewBug = numberedLines(30, (n) =>
  n === 10 ? "return cache.get(key)!;" : n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : n === 27 ? "return stale;" : `line ${n}`,
);
const secondFixingLine10 = numberedLines(30, (n) => (n === 10 ? "return cache.get(key) ?? load(key);" : n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : `line ${n}`));

const cacheFile = (patch: string) => ({ filename: "src/cache.ts", status: "modified" as const, patch });

const nonNull = { path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key." };
const assignment = { path: "src/cache.ts", line: 21, severity: "critical", title: "Assignment instead of comparison", body: "`entry = null` assigns." };
const stale = { path: "src/cache.ts", line: 29, severity: "major", title: "Returns stale data", body: "`stale` is never refreshed." };

const answers = (...perCall: readonly (readonly object[])[]): Respond => (_request, index) =>
  toolCallCompletion("submit_review", { summary: `Review number ${index + 1}.`, findings: perCall[index] ?? [] });

const fx = useE2EFixture();

function openPullRequest(): void {
  fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: "Cache lookups", body: "Adds a cache.", headSha: HEAD_SHA, baseSha: BASE_SHA, files: [cacheFile(gitPatch(base, first))] });
}

/** Opens PR #7 with the first version of src/cache.ts and waits for its review. */
async function openAndReview(): Promise<void> {
  openPullRequest();
  await fx.app.deliver("pull_request", prPayload("opened"));
  await fx.app.idle();
}

/** Pushes `second` on top of the first version (`status` as GitHub's compare says) and waits for the review. */
async function pushSecondHead(second: string, status: "ahead" | "diverged"): Promise<void> {
  fx.github.pushToPullRequest({
    owner: OWNER, repo: REPO, number: 7, headSha: SECOND_HEAD,
    files: [cacheFile(gitPatch(base, second))],
    compareWithPrevious: { status, files: [cacheFile(gitPatch(first, second))] },
  });
  await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }));
  await fx.app.idle();
}

function writes(): string[] {
  return fx.github.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/")).map((r) => `${r.method} ${r.path.replace(/\/\d+$/, "/:id")}`);
}

describe("incremental reviews and dedupe", () => {
  it("after a push reviews only what changed since the last reviewed head and posts only new findings, updating the one summary in place", async () => {
    fx.respond = answers([nonNull, assignment], [nonNull, stale]);
    await fx.start();
    await openAndReview();
    expect(fx.github.reviews[0]?.comments.map((c) => c.line)).toEqual([21, 10]);

    await pushSecondHead(secondWithNewBug, "ahead");

    expect(fx.github.unhandled).toEqual([]);
    expect(fx.github.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/compare/${HEAD_SHA}...${SECOND_HEAD}`)).toBe(true);
    // The model saw the push, not the whole pull request again.
    const increment = fx.userMessage(1);
    expect(increment).toMatch(/^29 \+return stale;$/m);
    expect(increment).not.toContain("return cache.get(key)!;");

    expect(fx.github.reviews).toHaveLength(2);
    const second = fx.github.reviews[1];
    expect(second?.commit_id).toBe(SECOND_HEAD);
    expect(second?.comments.map((c) => [c.line, c.body.split("\n", 1)[0]])).toEqual([[29, "🟠 **Major** Returns stale data"]]);
    expect(second?.body).toContain(`on the changes since \`${HEAD_SHA.slice(0, 7)}\``);

    expect(fx.github.issueComments).toHaveLength(1);
    const summary = fx.github.issueComments[0];
    expect(summary?.history).toHaveLength(2);
    expect(summary?.body).toContain(`Reviewed the changes since \`${HEAD_SHA.slice(0, 7)}\` at \`${SECOND_HEAD.slice(0, 7)}\``);
    expect(summary?.body).toContain("Review number 2.");
    expect(summary?.body).toContain("### Open findings: 3");
    expect(summary?.body).toContain("| 🔴 **Critical** | `src/cache.ts:21` | Assignment instead of comparison |");
    expect(summary?.body).toMatch(/<!-- pr-reviewer:state=\{"version":1,"headSha":"c{40}"/);

    // fail_on is never: neutral while findings are open, on the new head.
    expect(fx.github.checkRuns.map((run) => [run.head_sha, run.conclusion])).toEqual([[HEAD_SHA, "neutral"], [SECOND_HEAD, "neutral"]]);
    expect(fx.github.checkRuns[1]?.output.title).toBe("3 findings (1 critical, 2 major)");
  });

  it("reviews the whole pull request again after a force-push", async () => {
    fx.respond = answers([nonNull], [nonNull]);
    await fx.start();
    await openAndReview();

    await pushSecondHead(secondWithNewBug, "diverged");

    const full = fx.userMessage(1);
    expect(full).toMatch(/^10 \+return cache\.get\(key\)!;$/m);
    expect(full).toMatch(/^29 \+return stale;$/m);
    expect(fx.github.issueComments[0]?.body).toContain("Reviewed the whole pull request (the branch was rewritten since");
    // The finding on line 10 is still on the pull request from the first review: not posted again.
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.github.unhandled).toEqual([]);
  });

  it("answers and resolves the thread of a finding the push fixed, once, and fails the check only while a blocking finding is open", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", `fail_on: major\n${SECOND_LOOK_OFF}`);
    fx.respond = answers([nonNull], [], []);
    await fx.start();
    await openAndReview();
    expect(fx.github.checkRuns[0]?.conclusion).toBe("failure");
    const rootId = fx.github.reviews[0]?.comments[0]?.id;

    await pushSecondHead(secondFixingLine10, "ahead");

    expect(fx.github.reviewThreads).toHaveLength(1);
    const thread = fx.github.reviewThreads[0];
    expect(thread?.rootCommentId).toBe(rootId);
    expect(thread?.isResolved).toBe(true);
    expect(thread?.comments.map((c) => c.body.split("\n", 1)[0])).toEqual([
      "🟠 **Major** Non-null assertion on a cache miss",
      `This was addressed in ${SECOND_HEAD.slice(0, 7)}: the lines this comment pointed at have changed.`,
    ]);
    expect(fx.github.issueComments[0]?.body).toContain("### Addressed by this push");
    expect(fx.github.checkRuns[1]?.conclusion).toBe("success");

    // Another push that does not touch anything: nothing more is said in the thread.
    fx.github.pushToPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: THIRD_HEAD, compareWithPrevious: { status: "identical", files: [] } });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: THIRD_HEAD }));
    await fx.app.idle();
    expect(fx.github.reviewThreads[0]?.comments).toHaveLength(2);
    expect(fx.github.issueComments).toHaveLength(1);
  });

  it("answers the thread but leaves it open when the installation may not resolve threads", async () => {
    fx.respond = answers([nonNull], []);
    await fx.start();
    await openAndReview();
    fx.github.denyThreadResolution();
    await pushSecondHead(secondFixingLine10, "ahead");

    expect(fx.github.reviewThreads[0]?.comments).toHaveLength(2);
    expect(fx.github.reviewThreads[0]?.isResolved).toBe(false);
    expect(fx.app.logs.some((line) => line.includes("may not resolve review threads"))).toBe(true);
    expect(fx.checkRunStates().at(-1)).toBe("completed:success");
  });
});

describe("publishing many findings", () => {
  it("posts 120 findings as one review with capped comments, pages annotations by 50 and keeps writes constant", async () => {
    const added = Array.from({ length: 130 }, (_, i) => `const v${i + 1} = ${i + 1};`).join("\n") + "\n";
    fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: "Many", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA, files: [{ filename: "src/many.ts", status: "added", patch: gitPatch(null, added) }] });
    const findings = Array.from({ length: 120 }, (_, i) => ({
      path: "src/many.ts", line: i + 1, severity: i % 40 === 0 ? "critical" : "major", title: `Problem ${String.fromCharCode(97 + (i % 26))}${i}`, body: `Finding ${i}.`,
    }));
    fx.respond = answers(findings);
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened", { title: "Many", body: "" }));
    await fx.app.idle();

    expect(fx.github.reviews).toHaveLength(1);
    const comments = fx.github.reviews[0]?.comments ?? [];
    expect(comments).toHaveLength(10);
    expect(comments.slice(0, 3).map((c) => c.line)).toEqual([1, 41, 81]);
    const run = fx.github.checkRuns[0];
    expect(run?.annotations).toHaveLength(120);
    expect(run?.history.map((h) => h.output.annotations_count)).toEqual([0, 50, 100, 120]);
    expect(run?.conclusion).toBe("neutral");
    expect(fx.github.issueComments[0]?.body).toContain("110 listed below only");
    expect(fx.github.issueComments[0]?.body).toContain("| over the comment limit |");
    // A check run create and completion, two extra annotation pages, one review, one summary.
    expect(writes()).toEqual([
      `POST /repos/${OWNER}/${REPO}/check-runs`,
      `POST /repos/${OWNER}/${REPO}/pulls/7/reviews`,
      `POST /repos/${OWNER}/${REPO}/issues/7/comments`,
      `PATCH /repos/${OWNER}/${REPO}/check-runs/:id`,
      `PATCH /repos/${OWNER}/${REPO}/check-runs/:id`,
      `PATCH /repos/${OWNER}/${REPO}/check-runs/:id`,
    ]);
  });

  it("falls back to one comment at a time when GitHub refuses the review, logging it as an error", async () => {
    fx.respond = answers([nonNull, assignment]);
    await fx.start();
    openPullRequest();
    fx.github.failNext({ method: "POST", path: /\/pulls\/7\/reviews$/, status: 422, body: { message: "Unprocessable Entity", errors: ["Pull request review thread line must be part of the diff"], status: "422" } });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.reviewComments.map((c) => c.line)).toEqual([21, 10]);
    expect(fx.github.reviews.at(-1)?.body).toContain("2 inline comments");
    const errors = fx.app.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry["level"] === 50);
    expect(errors.map((entry) => entry["msg"])).toEqual(["GitHub refused the review's anchors (a placement bug); posting the comments one at a time"]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
  });
});

describe("the Re-run review button", () => {
  it("starts a new check run with a full review of the head, and ignores other buttons", async () => {
    fx.respond = answers([nonNull], [nonNull]);
    await fx.start();
    await openAndReview();
    const run = fx.github.checkRuns[0];
    if (!run) throw new Error("no check run");
    expect(run.actions.map((a) => a.identifier)).toEqual(["rerun"]);

    const click = (identifier: string) =>
      checkRunPayload("requested_action", {
        owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, checkRunId: run.id, headSha: HEAD_SHA, name: "pr-reviewer",
        appId: fx.github.appId, externalId: "pr-7", pullRequests: [], identifier,
      });
    expect((await fx.app.deliver("check_run", click("something-else"))).status).toBe(200);
    await fx.app.idle();
    expect(fx.github.checkRuns).toHaveLength(1);

    expect((await fx.app.deliver("check_run", click("rerun"))).status).toBe(200);
    await fx.app.idle();
    expect(fx.github.checkRuns.map((r) => [r.head_sha, r.conclusion])).toEqual([[HEAD_SHA, "neutral"], [HEAD_SHA, "neutral"]]);
    // A full review even though this head was reviewed already; the finding is not posted twice.
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.userMessage(1)).toMatch(/^10 \+return cache\.get\(key\)!;$/m);
    expect(fx.github.reviews).toHaveLength(1);
    expect(fx.github.issueComments).toHaveLength(1);
  });
});
