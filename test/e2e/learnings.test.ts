import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../helpers/fake-github.js";
import { startFakeModel, type FakeModel, type Respond } from "../helpers/fake-model.js";
import { startTestRedis } from "../helpers/redis-server.js";
import { startAppUnderTest, type AppUnderTest } from "./support/app-under-test.js";
import {
  ASSIGNMENT, ASSIGNMENT_AGAIN, isReviewRequest, MAINTAINER, openCachePullRequest, ourFinding, personComments, personReplies, pushSecondHead,
  reviewerAndChat, SECOND_HEAD,
} from "./support/conversation.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { prPayload } from "./support/scenario.js";

const redis = await startTestRedis();
if (redis.url === undefined) console.warn(`Skipping the learnings-on-Redis test: ${redis.skipReason}`);
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

const fx = useE2EFixture();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Every review finds the assignment (on line 21 at the first head, 28 after the push): the "same finding" a reviewer dismissed. */
const alwaysTheAssignment = (): Respond => reviewerAndChat(Array.from({ length: 10 }, (_, i) => (i === 0 ? [ASSIGNMENT] : [ASSIGNMENT, ASSIGNMENT_AGAIN])));

const summaryOf = (github: FakeGitHub, number: number) =>
  github.issueComments.find((c) => c.issue_number === number && (c.body ?? "").includes("<!-- pr-reviewer:summary -->"))?.body ?? "";
const findingsOn = (github: FakeGitHub, number: number) => github.reviewComments.filter((c) => c.pull_number === number && c.in_reply_to_id === undefined).map((c) => c.line);

async function openAndReview(github: FakeGitHub, app: AppUnderTest, number = 7): Promise<void> {
  openCachePullRequest(github, number, `${String(number).padStart(2, "0")}${"a".repeat(38)}`);
  await app.deliver("pull_request", prPayload("opened", { number, headSha: `${String(number).padStart(2, "0")}${"a".repeat(38)}` }));
  await app.idle();
}

async function pushAndReview(github: FakeGitHub, app: AppUnderTest): Promise<void> {
  pushSecondHead(github);
  await app.deliver("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }));
  await app.idle();
}

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pr-reviewer-e2e-data-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("learning from 👎", () => {
  it("does not post a finding like one a maintainer gave 👎, counts it as suppressed and says why in the summary", async () => {
    fx.respond = alwaysTheAssignment();
    await fx.start();
    fx.github.setRole(MAINTAINER, "write");
    openCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    const finding = ourFinding(fx.github, 21);
    fx.github.addPersonReaction({ subject: "review-comment", commentId: finding.id, author: MAINTAINER, content: "-1" });

    await pushAndReview(fx.github, fx.app);

    // The same mistake at line 28 (a new fingerprint) is not posted; the 👎'd one no longer counts as open.
    expect(findingsOn(fx.github, 7)).toEqual([21]);
    expect(fx.github.reviews).toHaveLength(1);
    const summary = summaryOf(fx.github, 7);
    expect(summary).toContain("### Not reported: like findings reviewers dismissed (2)");
    expect(summary).toContain("Assignment instead of comparison | `");
    expect(summary).toContain(`👎 by \`${MAINTAINER}\` on #7`);
    expect(fx.github.checkRuns.at(-1)?.conclusion).toBe("success");
    const metrics = await (await fetch(`${fx.app.server.url}/metrics`)).text();
    expect(metrics).toContain("pr_reviewer_findings_suppressed_total 2");

    // /learnings lists it; /forget drops it, and the finding is reported again.
    await personComments(fx.github, fx.app, "/learnings");
    await fx.app.idle();
    const listing = fx.github.issueComments.at(-1)?.body ?? "";
    const id = /\| `([0-9a-f]{7})` \| 🚫 not reported: Assignment instead of comparison \| `src\/\*\.ts` \|/.exec(listing)?.[1];
    expect(id).toBeDefined();
    await personComments(fx.github, fx.app, `/forget ${id ?? ""}`);
    await fx.app.idle();
    expect(fx.github.issueComments.at(-1)?.body).toContain(`Forgot \`${id ?? ""}\``);
    await personComments(fx.github, fx.app, "/review full");
    await fx.app.idle();
    expect(findingsOn(fx.github, 7)).toEqual([21, 28]);
  });

  it("ignores 👎 from someone without write permission", async () => {
    fx.respond = alwaysTheAssignment();
    await fx.start();
    fx.github.setRole("rita", "read");
    openCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    fx.github.addPersonReaction({ subject: "review-comment", commentId: ourFinding(fx.github, 21).id, author: "rita", content: "-1" });

    await pushAndReview(fx.github, fx.app);

    expect(findingsOn(fx.github, 7)).toEqual([21, 28]);
    expect(summaryOf(fx.github, 7)).not.toContain("Not reported");
  });

  it("keeps what it learnt in DATA_DIR across a restart, even once the 👎 is gone from GitHub", async () => {
    const dataDir = await tempDataDir();
    fx.respond = alwaysTheAssignment();
    await fx.start({ DATA_DIR: dataDir });
    fx.github.setRole(MAINTAINER, "write");
    openCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    const reaction = fx.github.addPersonReaction({ subject: "review-comment", commentId: ourFinding(fx.github, 21).id, author: MAINTAINER, content: "-1" });
    await pushAndReview(fx.github, fx.app);
    expect(findingsOn(fx.github, 7)).toEqual([21]);

    fx.github.removePersonReaction(reaction);
    await fx.app.close();
    await fx.start({ DATA_DIR: dataDir });
    await openAndReview(fx.github, fx.app, 8);

    // Both reports of the mistake (the one on the diff, and the one off it) match the lesson.
    expect(findingsOn(fx.github, 8)).toEqual([]);
    expect(summaryOf(fx.github, 8)).toContain("### Not reported: like findings reviewers dismissed (2)");
  });

  it("learns from a finding the model withdrew in its thread, for later pull requests", async () => {
    fx.respond = reviewerAndChat([[ASSIGNMENT], [ASSIGNMENT]], () => "You are right; the fixture asserts the assignment.\nverdict: withdrawn");
    await fx.start();
    fx.github.setRole(MAINTAINER, "write");
    openCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    await personReplies(fx.github, fx.app, ourFinding(fx.github, 21).id, "It is a fixture.");
    await fx.app.idle();

    await openAndReview(fx.github, fx.app, 8);

    expect(findingsOn(fx.github, 8)).toEqual([]);
    expect(summaryOf(fx.github, 8)).toContain(`withdrawn in a thread with \`${MAINTAINER}\` on #7`);
  });
});

describe.skipIf(redis.url === undefined)("learnings shared through Redis", () => {
  it("a replica that never saw the 👎 suppresses the finding once another replica learnt it", async () => {
    const model: FakeModel = await startFakeModel(alwaysTheAssignment());
    cleanup.push(() => model.close());
    const shared = { REDIS_URL: redis.url ?? "", REDIS_PREFIX: `test-${randomUUID()}` };
    const a = await startAppUnderTest(fx.github, model, shared);
    const b = await startAppUnderTest(fx.github, model, shared);
    let aOpen = true;
    cleanup.push(() => b.close(), async () => {
      if (aOpen) await a.close();
    });
    fx.github.setRole(MAINTAINER, "write");

    openCachePullRequest(fx.github);
    await a.deliver("pull_request", prPayload("opened"));
    await Promise.all([a.idle(), b.idle()]);
    const reaction = fx.github.addPersonReaction({ subject: "review-comment", commentId: ourFinding(fx.github, 21).id, author: MAINTAINER, content: "-1" });
    pushSecondHead(fx.github);
    await a.deliver("pull_request", prPayload("synchronize", { headSha: SECOND_HEAD }));
    await Promise.all([a.idle(), b.idle()]);
    expect(findingsOn(fx.github, 7)).toEqual([21]);

    // Only b is left, the 👎 is gone from GitHub, and b's own DATA_DIR is empty: the lesson can only come from Redis.
    fx.github.removePersonReaction(reaction);
    await a.close();
    aOpen = false;
    await openAndReview(fx.github, b, 8);

    // Both reports of the mistake (the one on the diff, and the one off it) match the lesson.
    expect(findingsOn(fx.github, 8)).toEqual([]);
    expect(summaryOf(fx.github, 8)).toContain("### Not reported: like findings reviewers dismissed (2)");
    expect(model.chatRequests.filter(isReviewRequest)).toHaveLength(3);
  });
});
