import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../src/adapters/jobs/in-process-jobs.js";
import type { PullRequestJob, ReviewJob } from "../../../src/adapters/jobs/review-job.js";
import type { QueueHandlers, QueueLimits } from "../../../src/adapters/jobs/review-queue.js";
import { ReviewInterrupted } from "../../../src/core/errors.js";
import type { Logger } from "../../../src/core/ports.js";
import { gate, type Gate } from "../../helpers/gate.js";

interface RecordingLogger extends Logger {
  readonly lines: Array<{ level: string; message: string; details: object }>;
}

function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger["lines"] = [];
  const at = (level: string) => (details: object, message: string) => void lines.push({ level, message, details });
  return { info: at("info"), warn: at("warn"), error: at("error"), lines };
}

let deliveries = 0;
function job(pr: number, headSha: string, extra: Partial<PullRequestJob> = {}): PullRequestJob {
  deliveries += 1;
  return {
    deliveryId: `delivery-${deliveries}`,
    installationId: 1,
    owner: "o",
    repo: "r",
    pullNumber: pr,
    pullRequest: { title: "t", body: "", headSha, baseSha: "base", draft: false },
    forced: false,
    queuedAt: 0,
    ...extra,
  };
}

const LIMITS: QueueLimits = { concurrency: 4, maxWaiting: 100, jobTimeoutMs: 60_000 };

/** Handlers whose reviews wait on a gate per head SHA, recording what ran and how it ended. */
function gatedHandlers() {
  const gates = new Map<string, Gate>();
  const events: string[] = [];
  const notStarted: Array<{ job: ReviewJob; reason: string }> = [];
  const gateFor = (sha: string): Gate => {
    const existing = gates.get(sha);
    if (existing) return existing;
    const created = gate();
    gates.set(sha, created);
    return created;
  };
  const started = new Map<string, Gate>();
  const handlers: QueueHandlers = {
    async process(review, signal) {
      const sha = review.pullRequest?.headSha ?? "head";
      events.push(`start ${sha}`);
      startedGate(sha).open();
      const aborted = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      await Promise.race([gateFor(sha).promise, aborted]);
      const reason: unknown = signal.reason;
      events.push(signal.aborted ? `abort ${sha}: ${reason instanceof ReviewInterrupted ? reason.kind : "?"}` : `done ${sha}`);
    },
    async notStarted(review, reason) {
      notStarted.push({ job: review, reason });
    },
  };
  function startedGate(sha: string): Gate {
    const existing = started.get(sha);
    if (existing) return existing;
    const created = gate();
    started.set(sha, created);
    return created;
  }
  return { handlers, events, notStarted, release: (sha: string) => gateFor(sha).open(), started: (sha: string) => startedGate(sha).promise };
}

describe("in-process review queue", () => {
  it("runs one review per PR at a time; the newest waiting job replaces older waiting ones", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const h = gatedHandlers();
    await queue.start(h.handlers);
    expect(await queue.enqueue(job(1, "a"))).toBe("queued");
    await h.started("a");
    // "b" cancels "a" (a newer push), then "c" replaces "b" while it waits.
    expect(await queue.enqueue(job(1, "b"))).toBe("queued");
    expect(await queue.enqueue(job(1, "c"))).toBe("replaced");
    h.release("c");
    await queue.onIdle();
    expect(h.events).toEqual(["start a", "abort a: superseded", "start c", "done c"]);
  });

  it("aborts the running review of an older commit when a newer one arrives, with a reason naming the new commit", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    let reason: unknown;
    const first = gate();
    await queue.start({
      async process(review, signal) {
        if (review.pullRequest?.headSha !== "old") return;
        first.open();
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        reason = signal.reason;
      },
      notStarted: async () => undefined,
    });
    await queue.enqueue(job(1, "old"));
    await first.promise;
    await queue.enqueue(job(1, "new1234567"));
    await queue.onIdle();
    expect(reason).toBeInstanceOf(ReviewInterrupted);
    expect(reason).toMatchObject({ kind: "superseded", message: expect.stringContaining("A newer commit (new1234) was pushed") });
  });

  it("drops a redelivery (same delivery id) and an event for the commit under review right now, but not an explicit request", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const h = gatedHandlers();
    await queue.start(h.handlers);
    const opened = job(1, "a");
    expect(await queue.enqueue(opened)).toBe("queued");
    await h.started("a");
    expect(await queue.enqueue(opened)).toBe("duplicate");
    expect(await queue.enqueue(job(1, "a"))).toBe("duplicate");
    expect(await queue.enqueue(job(1, "a", { forced: true }))).toBe("queued");
    h.release("a");
    await queue.onIdle();
    expect(h.events).toEqual(["start a", "done a", "start a", "done a"]);
  });

  it("never runs more than the concurrency limit, and gives installations turns so a busy one cannot starve another", async () => {
    const queue = createInProcessQueue(recordingLogger(), { ...LIMITS, concurrency: 1 });
    const order: string[] = [];
    const blocker = gate();
    let running = 0;
    let peak = 0;
    await queue.start({
      async process(review) {
        running += 1;
        peak = Math.max(peak, running);
        order.push(`${review.installationId}:${review.pullNumber}`);
        if (review.pullNumber === 0) await blocker.promise;
        running -= 1;
      },
      notStarted: async () => undefined,
    });
    await queue.enqueue(job(0, "x", { installationId: 1 }));
    for (let pr = 1; pr <= 5; pr += 1) await queue.enqueue(job(pr, "x", { installationId: 1 }));
    await queue.enqueue(job(100, "x", { installationId: 2 }));
    await queue.enqueue(job(101, "x", { installationId: 2 }));
    blocker.open();
    await queue.onIdle();
    expect(peak).toBe(1);
    // Installation 2's jobs arrived last but alternate with installation 1's instead of waiting for all five.
    expect(order).toEqual(["1:0", "1:1", "2:100", "1:2", "2:101", "1:3", "1:4", "1:5"]);
  });

  it("sheds jobs beyond the waiting limit, saying so in the log and to the not-started handler", async () => {
    const log = recordingLogger();
    const queue = createInProcessQueue(log, { ...LIMITS, concurrency: 1, maxWaiting: 2 });
    const h = gatedHandlers();
    await queue.start(h.handlers);
    await queue.enqueue(job(1, "a"));
    await h.started("a");
    expect(await queue.enqueue(job(2, "b"))).toBe("queued");
    expect(await queue.enqueue(job(3, "c"))).toBe("queued");
    expect(await queue.enqueue(job(4, "d"))).toBe("shed");
    // Replacing a waiting job does not need a new place in the queue.
    expect(await queue.enqueue(job(3, "c2"))).toBe("replaced");
    expect(await queue.depth()).toBe(2);
    for (const sha of ["a", "b", "c2"]) h.release(sha);
    await queue.onIdle();
    expect(h.notStarted.map((n) => n.job.pullNumber)).toEqual([4]);
    expect(h.notStarted[0]?.reason).toContain("The review queue was full (2 reviews waiting, QUEUE_MAX_WAITING=2)");
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "warn", message: expect.stringContaining("review queue full: job shed"), details: expect.objectContaining({ key: "o/r#4" }) }));
  });

  it("aborts a review at its deadline with a timeout reason, and keeps going", async () => {
    const queue = createInProcessQueue(recordingLogger(), { ...LIMITS, jobTimeoutMs: 20 });
    const reasons: unknown[] = [];
    await queue.start({
      async process(review, signal) {
        if (review.pullNumber !== 1) return;
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        reasons.push(signal.reason);
      },
      notStarted: async () => undefined,
    });
    await queue.enqueue(job(1, "a"));
    await queue.onIdle();
    expect(reasons).toEqual([expect.objectContaining({ kind: "timeout", message: expect.stringContaining("REVIEW_TIMEOUT_MS") })]);
  });

  it("logs a failed job instead of leaving an unhandled rejection, and keeps going", async () => {
    const log = recordingLogger();
    const queue = createInProcessQueue(log, { ...LIMITS, concurrency: 1 });
    const ran: number[] = [];
    await queue.start({
      async process(review) {
        if (review.pullNumber === 1) throw new Error("boom");
        if (review.pullNumber !== null) ran.push(review.pullNumber);
      },
      notStarted: async () => undefined,
    });
    await queue.enqueue(job(1, "a"));
    await queue.enqueue(job(2, "a"));
    await queue.onIdle();
    expect(ran).toEqual([2]);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "error", details: expect.objectContaining({ key: "o/r#1", err: expect.objectContaining({ message: "boom" }) }) }));
  });

  it("on close: refuses new jobs, reports waiting ones as not started, lets running ones finish within the grace period", async () => {
    const queue = createInProcessQueue(recordingLogger(), { ...LIMITS, concurrency: 1 });
    const h = gatedHandlers();
    await queue.start(h.handlers);
    await queue.enqueue(job(1, "a"));
    await queue.enqueue(job(2, "b"));
    await h.started("a");
    const closed = queue.close(60_000);
    expect(await queue.enqueue(job(3, "c"))).toBe("refused");
    h.release("a");
    await closed;
    expect(h.events).toEqual(["start a", "done a"]);
    expect(h.notStarted.map((n) => [n.job.pullNumber, n.reason])).toEqual([[2, "The reviewer was shut down (SIGTERM) before this review started."]]);
  });

  it("on close: interrupts reviews still running when the grace period is over", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const h = gatedHandlers();
    await queue.start(h.handlers);
    await queue.enqueue(job(1, "a"));
    await h.started("a");
    await queue.close(10);
    expect(h.events).toEqual(["start a", "abort a: shutdown"]);
  });
});

describe("in-process review queue: /review and comments", () => {
  const command = { full: false, replyTo: { kind: "issue" as const } };

  it("keeps a waiting /review a command when a push replaces it, so the newest head is reviewed as asked", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const ran: ReviewJob[] = [];
    const h = gatedHandlers();
    await queue.start({ ...h.handlers, process: async (review, signal) => { ran.push(review); await h.handlers.process(review, signal); } });
    await queue.enqueue(job(1, "a"));
    await h.started("a");
    expect(await queue.enqueue(job(1, "b", { command }))).toBe("queued");
    expect(await queue.enqueue(job(1, "c"))).toBe("replaced");
    h.release("a");
    h.release("c");
    await queue.onIdle();
    expect(ran.map((r) => [r.pullRequest?.headSha, "command" in r ? r.command : undefined])).toEqual([["a", undefined], ["c", command]]);
  });

  it("runs a /review for the commit under review after it when that review is automatic, and drops it when that review is a /review", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const h = gatedHandlers();
    await queue.start(h.handlers);
    await queue.enqueue(job(1, "a"));
    await h.started("a");
    expect(await queue.enqueue(job(1, "a", { command }))).toBe("queued");
    await queue.enqueue(job(2, "b", { command }));
    await h.started("b");
    expect(await queue.enqueue(job(2, "b", { command }))).toBe("duplicate");
    expect(await queue.enqueue(job(2, "b"))).toBe("duplicate");
    h.release("a");
    h.release("b");
    await queue.onIdle();
    expect(h.events.filter((e) => e.startsWith("start"))).toEqual(["start a", "start b", "start a"]);
  });

  it("runs a comment's job beside its pull request's review: neither replaces nor cancels the other", async () => {
    const queue = createInProcessQueue(recordingLogger(), LIMITS);
    const h = gatedHandlers();
    await queue.start(h.handlers);
    await queue.enqueue(job(1, "a"));
    await h.started("a");
    const comment: ReviewJob = {
      kind: "comment", deliveryId: "comment-1", installationId: 1, owner: "o", repo: "r", pullNumber: 1, pullRequest: null, forced: false, queuedAt: 0,
      comment: { kind: "review", id: 9, body: "why?", author: { login: "p", id: 3, type: "User" }, pullRequestAuthor: "q", inReplyTo: 8 },
    };
    expect(await queue.enqueue(comment)).toBe("queued");
    await h.started("head");
    h.release("head");
    h.release("a");
    await queue.onIdle();
    expect(h.events).toEqual(["start a", "start head", "done head", "done a"]);
  });
});
