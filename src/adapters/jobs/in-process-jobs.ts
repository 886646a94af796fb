import { ReviewInterrupted } from "../../core/errors.js";
import type { Logger } from "../../core/ports.js";
import { headShaOf, isCommanded, isConversationJob, newerJobWins, reviewJobKey, type ReviewJob } from "./review-job.js";
import type { EnqueueResult, QueueHandlers, QueueLimits, ReviewQueue } from "./review-queue.js";
import { RunningReviews } from "./running-reviews.js";
import { SeenDeliveries } from "./seen-deliveries.js";

interface KeyState {
  running: ReviewJob | undefined;
  /** Only the newest job waits per PR: a newer push makes an older, not yet started review pointless. */
  waiting: ReviewJob | undefined;
}

export const SHUTDOWN_INTERRUPTION = new ReviewInterrupted(
  "shutdown",
  "The reviewer was shut down (SIGTERM) before this review finished. Press Re-run to review this commit.",
);

/**
 * Installations take turns: the next free slot goes to the next installation that has a job ready, so one busy
 * organisation queues behind its own jobs, never in front of everyone else's.
 */
class RoundRobin {
  readonly #ready = new Map<number, string[]>();
  readonly #turns: number[] = [];

  add(installationId: number, key: string): void {
    const keys = this.#ready.get(installationId);
    if (keys !== undefined) {
      keys.push(key);
      return;
    }
    this.#ready.set(installationId, [key]);
    this.#turns.push(installationId);
  }

  next(): string | undefined {
    const installationId = this.#turns.shift();
    if (installationId === undefined) return undefined;
    const keys = this.#ready.get(installationId) ?? [];
    const key = keys.shift();
    if (keys.length > 0) this.#turns.push(installationId);
    else this.#ready.delete(installationId);
    return key;
  }
}

/**
 * The embedded queue, right for one replica: one review per PR at a time, the newest push wins (a waiting job
 * is replaced, a running review of an older commit is aborted), redeliveries are dropped, installations take
 * turns, at most `concurrency` reviews run, and beyond `maxWaiting` jobs are shed with a check run saying so.
 * Job failures are logged, never left unhandled.
 */
export function createInProcessQueue(log: Logger, limits: QueueLimits): ReviewQueue {
  const keys = new Map<string, KeyState>();
  const turns = new RoundRobin();
  const running = new RunningReviews(log, limits.jobTimeoutMs);
  const seen = new SeenDeliveries();
  const sideTasks = new Set<Promise<void>>();
  let handlers: QueueHandlers | undefined;
  let waitingCount = 0;
  let active = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const isIdle = (): boolean => active === 0 && keys.size === 0 && sideTasks.size === 0;
  const notifyIfIdle = (): void => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const onIdle = (): Promise<void> => (isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)));

  const track = (task: Promise<void>): void => {
    const tracked = task.finally(() => {
      sideTasks.delete(tracked);
      notifyIfIdle();
    });
    sideTasks.add(tracked);
  };

  const notStarted = (job: ReviewJob, reason: string): void => {
    if (handlers === undefined) return;
    const { notStarted: report } = handlers;
    track(report(job, reason).catch((error: unknown) => log.error({ err: error, key: reviewJobKey(job) }, "could not record a job that was not started")));
  };

  const run = (key: string, current: QueueHandlers): void => {
    const state = keys.get(key);
    const job = state?.waiting;
    if (state === undefined || job === undefined || state.running !== undefined) return;
    state.waiting = undefined;
    waitingCount -= 1;
    state.running = job;
    active += 1;
    const signal = running.begin(job);
    void current
      .process(job, signal)
      .catch((error: unknown) => log.error({ err: error, key, deliveryId: job.deliveryId }, "review job failed"))
      .finally(() => {
        running.end(job);
        active -= 1;
        state.running = undefined;
        if (state.waiting !== undefined) turns.add(state.waiting.installationId, key);
        else keys.delete(key);
        pump();
        notifyIfIdle();
      });
  };

  const pump = (): void => {
    const current = handlers;
    if (current === undefined || closed) return;
    while (active < limits.concurrency) {
      const key = turns.next();
      if (key === undefined) return;
      run(key, current);
    }
  };

  return {
    backend: "in-process",

    async enqueue(job): Promise<EnqueueResult> {
      const key = reviewJobKey(job);
      if (closed) {
        log.warn({ key, deliveryId: job.deliveryId }, "job refused: the server is shutting down");
        return "refused";
      }
      if (!seen.remember(job.deliveryId)) {
        log.info({ key, deliveryId: job.deliveryId }, "redelivered webhook ignored");
        return "duplicate";
      }
      const state = keys.get(key) ?? { running: undefined, waiting: undefined };
      const headSha = headShaOf(job);
      // The review running now covers an event for the same commit, unless a /review meets a review that may skip
      // (paused, draft, held back by automatic_reviews): that one must run after it.
      const covered = state.running !== undefined && headSha === headShaOf(state.running) && (!isCommanded(job) || isCommanded(state.running));
      if (state.waiting === undefined && !job.forced && !isConversationJob(job) && covered) {
        log.info({ key, headSha, deliveryId: job.deliveryId }, "this commit is being reviewed right now; event ignored");
        return "duplicate";
      }
      if (headSha !== null) running.supersede(key, headSha);
      if (state.waiting !== undefined) {
        log.info({ key, headSha, replacedHeadSha: headShaOf(state.waiting) }, "a newer job replaces the waiting one");
        state.waiting = newerJobWins(state.waiting, job);
        return "replaced";
      }
      if (waitingCount >= limits.maxWaiting) {
        log.warn(
          { key, headSha, deliveryId: job.deliveryId, waiting: waitingCount, maxWaiting: limits.maxWaiting },
          "review queue full: job shed (raise QUEUE_MAX_WAITING or REVIEW_CONCURRENCY)",
        );
        seen.forget(job.deliveryId);
        notStarted(job, `The review queue was full (${waitingCount} reviews waiting, QUEUE_MAX_WAITING=${limits.maxWaiting}), so this review was not started.`);
        return "shed";
      }
      state.waiting = job;
      waitingCount += 1;
      keys.set(key, state);
      if (state.running === undefined) turns.add(job.installationId, key);
      pump();
      return "queued";
    },

    async start(given) {
      handlers = given;
      pump();
    },

    async depth() {
      return waitingCount;
    },

    running() {
      return active;
    },

    async isReady() {
      return !closed;
    },

    onIdle,

    async close(graceMs) {
      if (closed) return onIdle();
      closed = true;
      for (const [key, state] of keys) {
        if (state.waiting === undefined) continue;
        notStarted(state.waiting, "The reviewer was shut down (SIGTERM) before this review started.");
        state.waiting = undefined;
        waitingCount -= 1;
        if (state.running === undefined) keys.delete(key);
      }
      notifyIfIdle();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"grace over">((resolve) => {
        timer = setTimeout(() => resolve("grace over"), graceMs);
      });
      const outcome = await Promise.race([onIdle().then(() => "drained" as const), graceOver]);
      clearTimeout(timer);
      if (outcome === "grace over") {
        log.warn({ running: active, graceMs }, "grace period over: interrupting running reviews");
        running.abortAll(SHUTDOWN_INTERRUPTION);
        await onIdle();
      }
    },
  };
}
