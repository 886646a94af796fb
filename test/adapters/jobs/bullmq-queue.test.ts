import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBullMQQueue } from "../../../src/adapters/jobs/bullmq-queue.js";
import type { PullRequestJob, ReviewJob } from "../../../src/adapters/jobs/review-job.js";
import type { QueueHandlers, QueueLimits, ReviewQueue } from "../../../src/adapters/jobs/review-queue.js";
import type { Logger } from "../../../src/core/ports.js";
import { gate, type Gate } from "../../helpers/gate.js";
import { startTestRedis } from "../../helpers/redis-server.js";

const redis = await startTestRedis();
if (redis.url === undefined) console.warn(`Skipping the BullMQ queue tests: ${redis.skipReason}`);
afterAll(async () => {
  if (redis.url !== undefined) await redis.stop();
});

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const LIMITS: QueueLimits = { concurrency: 1, maxWaiting: 10_000, jobTimeoutMs: 60_000 };
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** Replicas of the queue sharing one Redis under a fresh prefix; none takes jobs until `start`. */
function replicas(count: number, limits = LIMITS): { prefix: string; queues: ReviewQueue[] } {
  const prefix = `test-${randomUUID()}`;
  const queues = Array.from({ length: count }, () => createBullMQQueue({ redisUrl: redis.url ?? "", prefix, log: silent, limits }));
  for (const queue of queues) closing.push(() => queue.close(0));
  return { prefix, queues };
}

function job(pullNumber: number, headSha: string | null, extra: Partial<PullRequestJob> = {}): PullRequestJob {
  return {
    deliveryId: randomUUID(),
    installationId: 1,
    owner: "o",
    repo: "r",
    pullNumber,
    pullRequest: headSha === null ? null : { title: "t", body: "", headSha, baseSha: "base", draft: false },
    forced: headSha === null,
    queuedAt: 0,
    ...extra,
  };
}

/** Records every review a queue runs; a review of a label listed in `hold` waits until released. */
function recorder(hold: readonly string[] = []) {
  const ran: ReviewJob[] = [];
  const started = new Map<string, Gate>();
  const released = new Map<string, Gate>();
  const gateIn = (gates: Map<string, Gate>, label: string): Gate => {
    const existing = gates.get(label) ?? gate();
    gates.set(label, existing);
    return existing;
  };
  const label = (review: ReviewJob): string => `#${review.pullNumber}@${review.pullRequest?.headSha ?? "head"}`;
  const handlers: QueueHandlers = {
    async process(review) {
      ran.push(review);
      gateIn(started, label(review)).open();
      if (hold.includes(label(review))) await gateIn(released, label(review)).promise;
    },
    notStarted: async () => undefined,
  };
  return {
    ran,
    handlers,
    started: (name: string) => gateIn(started, name).promise,
    release: (name: string) => gateIn(released, name).open(),
    order: () => ran.map(label),
  };
}

const PRS = Array.from({ length: 100 }, (_, index) => index + 1);

describe.skipIf(redis.url === undefined)("the BullMQ queue: two replicas racing on Redis", () => {
  it("never loses a Re-run when a plain event for the same PR lands on the other replica at the same moment", async () => {
    const { queues: [a, b] } = replicas(2);
    if (a === undefined || b === undefined) throw new Error("two replicas expected");
    // For each PR, a Re-run (forced, for the current head) and a `reopened` race on two replicas, in both orders.
    const results = await Promise.all(
      PRS.flatMap((pr) => {
        const rerun = job(pr, null);
        const reopened = job(pr, `sha-${pr}`);
        return pr % 2 === 0 ? [a.enqueue(rerun), b.enqueue(reopened)] : [b.enqueue(reopened), a.enqueue(rerun)];
      }),
    );
    expect(results.filter((r) => r === "queued" || r === "replaced")).toHaveLength(200);

    const run = recorder();
    await a.start(run.handlers);
    await a.onIdle();
    expect(run.ran.map((r) => r.pullNumber ?? 0).sort((x, y) => x - y)).toEqual(PRS);
    expect(run.ran.filter((r) => !r.forced).map((r) => r.pullNumber)).toEqual([]);
  });

  it("reviews the head that was announced last when two pushes for a PR race on two replicas", async () => {
    const { prefix, queues: [a, b] } = replicas(2);
    if (a === undefined || b === undefined) throw new Error("two replicas expected");
    const listener = new Redis(redis.url ?? "");
    closing.push(async () => void (await listener.quit()));
    const announced = new Map<string, string>();
    let messages = 0;
    const allHeard = gate();
    await listener.subscribe(`${prefix}:cancel`);
    listener.on("message", (_channel: string, text: string) => {
      const message = JSON.parse(text) as { key: string; headSha: string };
      announced.set(message.key, message.headSha);
      messages += 1;
      if (messages === PRS.length * 2) allHeard.open();
    });

    await Promise.all(PRS.flatMap((pr) => [a.enqueue(job(pr, `first-${pr}`)), b.enqueue(job(pr, `second-${pr}`))]));
    await allHeard.promise;
    const run = recorder();
    await b.start(run.handlers);
    await b.onIdle();

    expect(run.ran).toHaveLength(PRS.length);
    for (const review of run.ran) expect(review.pullRequest?.headSha, `PR #${review.pullNumber}`).toBe(announced.get(`o/r#${review.pullNumber}`));
  });
});

describe.skipIf(redis.url === undefined)("the BullMQ queue: installations take turns", () => {
  it("keeps an exact count of each installation's waiting PRs when events merge into a running PR's next job", async () => {
    const { queues: [queue] } = replicas(1);
    if (queue === undefined) throw new Error("one replica expected");
    const run = recorder(["#1@a", "#1@head"]);
    await queue.start(run.handlers);
    await queue.enqueue(job(1, "a"));
    await run.started("#1@a");
    // Two Re-runs while #1 runs: BullMQ keeps one job for after it; both events count as one waiting PR.
    await queue.enqueue(job(1, null));
    await queue.enqueue(job(1, null));
    run.release("#1@a");
    await run.started("#1@head");
    // Installation 1 queues three PRs, installation 2 one, while the only slot is busy.
    for (const pr of [2, 3, 4]) await queue.enqueue(job(pr, "a"));
    await queue.enqueue(job(5, "a", { installationId: 2 }));
    run.release("#1@head");
    await queue.onIdle();

    // Installation 2's first PR goes right after installation 1's first, not behind its whole backlog.
    expect(run.order()).toEqual(["#1@a", "#1@head", "#2@a", "#5@a", "#3@a", "#4@a"]);
  });
});

describe.skipIf(redis.url === undefined)("the BullMQ queue: /review and comments", () => {
  const command = { full: false, replyTo: { kind: "issue" as const } };

  it("keeps a waiting /review a command when a push for the PR lands on the other replica after it", async () => {
    const { queues: [a, b] } = replicas(2);
    if (a === undefined || b === undefined) throw new Error("two replicas expected");
    await Promise.all(PRS.slice(0, 20).map(async (pr) => {
      await a.enqueue(job(pr, `sha-${pr}`, { command }));
      await b.enqueue(job(pr, `push-${pr}`));
    }));
    const run = recorder();
    await a.start(run.handlers);
    await a.onIdle();
    expect(run.ran).toHaveLength(20);
    for (const review of run.ran) {
      expect(review.pullRequest?.headSha, `PR #${review.pullNumber}`).toBe(`push-${review.pullNumber}`);
      expect(review.pullNumber !== null && "command" in review ? review.command : undefined, `PR #${review.pullNumber}`).toEqual(command);
    }
  });

  it("runs a /review for the head under review after that review when the running one is automatic, and coalesces it with a running /review", async () => {
    const { queues: [a, b] } = replicas(2);
    if (a === undefined || b === undefined) throw new Error("two replicas expected");
    const run = recorder(["#1@x", "#2@y"]);
    await a.start(run.handlers);
    await a.enqueue(job(1, "x"));
    await a.enqueue(job(2, "y", { command }));
    await run.started("#1@x");
    // Queued behind the running review (BullMQ answers "replaced": the PR's next job is kept while one runs).
    expect(await b.enqueue(job(1, "x", { command }))).not.toBe("duplicate");
    run.release("#1@x");
    await run.started("#2@y");
    expect(await b.enqueue(job(2, "y", { command }))).toBe("duplicate");
    expect(await b.enqueue(job(2, "y"))).toBe("duplicate");
    run.release("#2@y");
    await a.onIdle();
    expect(run.order()).toEqual(["#1@x", "#2@y", "#1@x"]);
  });

  it("never merges a comment's job with a review of its pull request", async () => {
    const { queues: [a] } = replicas(1);
    if (a === undefined) throw new Error("one replica expected");
    const comment: ReviewJob = {
      kind: "comment", deliveryId: randomUUID(), installationId: 1, owner: "o", repo: "r", pullNumber: 1, pullRequest: null, forced: false, queuedAt: 0,
      comment: { kind: "issue", id: 55, body: "/help", author: { login: "p", id: 3, type: "User" }, pullRequestAuthor: "q" },
    };
    expect(await a.enqueue(job(1, "x"))).toBe("queued");
    expect(await a.enqueue(comment)).toBe("queued");
    const run = recorder();
    await a.start(run.handlers);
    await a.onIdle();
    expect(run.ran.map((r) => r.kind ?? "review").sort()).toEqual(["comment", "review"]);
    expect(run.ran.find((r) => r.kind === "comment")).toEqual(comment);
  });
});
