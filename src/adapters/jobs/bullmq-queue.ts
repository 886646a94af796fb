import { randomUUID } from "node:crypto";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { ReviewInterrupted } from "../../core/errors.js";
import type { Logger } from "../../core/ports.js";
import { createRequestStore } from "./pull-request-requests.js";
import { headShaOf, isCommanded, reviewJobKey, type ReviewJob } from "./review-job.js";
import type { EnqueueResult, QueueHandlers, QueueLimits, ReviewQueue } from "./review-queue.js";
import { RunningReviews } from "./running-reviews.js";

export interface BullMQQueueOptions {
  readonly redisUrl: string;
  readonly log: Logger;
  readonly limits: QueueLimits;
  /** Prefix of every Redis key and of the cancel channel: several deployments can share one Redis. */
  readonly prefix?: string;
  /** How a replica that dies without SIGTERM is noticed; BullMQ's defaults (30 s each) when not given. */
  readonly stall?: StallSettings;
}

export interface StallSettings {
  /** A running job's lock lives this long and is renewed every half of it; a dead replica's lock lapses. */
  readonly lockDurationMs: number;
  /** How often each replica looks for running jobs whose lock lapsed, and queues them again. */
  readonly stalledIntervalMs: number;
}

const QUEUE_NAME = "reviews";
/** GitHub keeps a delivery redeliverable for 30 days; a week covers every redelivery seen in practice. */
const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
/** BullMQ priorities run from 1 (first) to 2,097,152. */
const MAX_PRIORITY = 2_097_152;
const IDLE_POLL_MS = 25;
const DEFAULT_STALL: StallSettings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 };

/** A BullMQ job is only a pointer: the PR key. What to review is the PR's newest request, kept beside it. */
const QueuedJobSchema = z.object({ key: z.string(), installationId: z.number().int() });
const CancelMessageSchema = z.object({ key: z.string(), headSha: z.string() });

/** Marks a running review asked for with /review in the `running` key (its value is the head SHA). */
const COMMANDED = "+command";

function runningMark(job: ReviewJob): string {
  return `${headShaOf(job) ?? ""}${isCommanded(job) ? COMMANDED : ""}`;
}

const INTERRUPTED_FOR_RESTART = new ReviewInterrupted(
  "shutdown",
  "This reviewer replica was shut down (SIGTERM) before the review finished; the review is queued again and another replica takes it.",
);

/**
 * The scale-out queue: BullMQ on Redis, shared by every replica.
 *
 * - One job per PR at a time: the PR key is the BullMQ deduplication id with `keepLastIfActive`, so a PR has at
 *   most one running and one waiting job, on whichever replicas.
 * - The newest push wins: every event atomically replaces the PR's request in Redis (`pull-request-requests.ts`)
 *   and a job always reviews the newest when it starts; an event for a new head is published on a channel every
 *   replica listens to, and the replica running an older head's review aborts it.
 * - Redeliveries are dropped by their delivery id (SET NX); an event for the commit under review right now too.
 * - Installations take turns: a job's priority is the number of its installation's PRs waiting, itself included.
 * - A replica that dies without SIGTERM stops renewing its jobs' locks; another replica finds them stalled and
 *   runs them again.
 * - Beyond `maxWaiting` waiting jobs, a new PR's job is shed (and its check run says so).
 * - On shutdown, running reviews get the grace period, then are aborted and queued again for another replica.
 */
export function createBullMQQueue(options: BullMQQueueOptions): ReviewQueue {
  const { log, limits } = options;
  const prefix = options.prefix ?? "pr-reviewer";
  const redisOptions = { maxRetriesPerRequest: null, enableOfflineQueue: true } as const;
  const commands = new Redis(options.redisUrl, redisOptions);
  const subscriber = new Redis(options.redisUrl, redisOptions);
  for (const [name, connection] of [["commands", commands], ["subscriber", subscriber]] as const) {
    connection.on("error", (error: unknown) => log.error({ err: error, connection: name }, "Redis connection error"));
  }
  const queue = new Queue(QUEUE_NAME, { connection: commands, prefix });
  queue.on("error", (error: unknown) => log.error({ err: error }, "BullMQ queue error"));
  const running = new RunningReviews(log, limits.jobTimeoutMs);
  const cancelChannel = `${prefix}:cancel`;
  const redisKey = (...parts: string[]): string => [prefix, ...parts].join(":");
  const sideTasks = new Set<Promise<void>>();
  const requests = createRequestStore({ redis: commands, log, redisKey, cancelChannel });
  const stall = options.stall ?? DEFAULT_STALL;
  const workerConnection = new Redis(options.redisUrl, redisOptions);
  workerConnection.on("error", (error: unknown) => log.error({ err: error, connection: "worker" }, "Redis connection error"));
  let handlers: QueueHandlers | undefined;
  let worker: Worker | undefined;
  let closed = false;

  const track = (task: Promise<void>): void => {
    const tracked = task.finally(() => sideTasks.delete(tracked));
    sideTasks.add(tracked);
  };

  const depth = (): Promise<number> => queue.getJobCountByTypes("wait", "prioritized", "delayed");

  const addJob = async (key: string, installationId: number, priority: number): Promise<void> => {
    await queue.add(
      "review",
      { key, installationId },
      {
        jobId: randomUUID(),
        priority: Math.min(MAX_PRIORITY, Math.max(1, priority)),
        // Deduplicated while the PR has a waiting job (which will review the newest request) or a running one
        // (BullMQ keeps this job and adds it when the running one completes).
        deduplication: { id: key, keepLastIfActive: true },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  };

  const process = async (job: Job): Promise<void> => {
    const current = handlers;
    const queued = QueuedJobSchema.safeParse(job.data);
    if (current === undefined || !queued.success) return;
    const { key, installationId } = queued.data;
    const review = await requests.take(key, installationId);
    if (review === undefined) return;
    const runningKey = redisKey("running", key);
    await commands.set(runningKey, runningMark(review), "PX", limits.jobTimeoutMs + 60_000);
    const signal = running.begin(review);
    try {
      await current.process(review, signal);
    } catch (error) {
      log.error({ err: error, key, deliveryId: review.deliveryId }, "review job failed");
    } finally {
      running.end(review);
      await commands.del(runningKey);
    }
    if (signal.aborted && signal.reason === INTERRUPTED_FOR_RESTART) {
      // Queued again behind this job (keepLastIfActive): created when this one completes, taken by any replica.
      await addJob(key, installationId, await requests.requeue(key, installationId));
    }
  };

  return {
    backend: "redis",

    async enqueue(job): Promise<EnqueueResult> {
      const key = reviewJobKey(job);
      if (closed) {
        log.warn({ key, deliveryId: job.deliveryId }, "job refused: the server is shutting down");
        return "refused";
      }
      const firstDelivery = await commands.set(redisKey("delivery", job.deliveryId), "1", "EX", DELIVERY_TTL_SECONDS, "NX");
      if (firstDelivery === null) {
        log.info({ key, deliveryId: job.deliveryId }, "redelivered webhook ignored");
        return "duplicate";
      }
      const headSha = headShaOf(job);
      const running = await commands.get(redisKey("running", key));
      // As in-process: a /review is not covered by a running review that may skip (paused, draft, automatic_reviews).
      const covered = headSha !== null && (running === runningMark(job) || (!isCommanded(job) && running === `${headSha}${COMMANDED}`));
      if (!job.forced && covered) {
        log.info({ key, headSha, deliveryId: job.deliveryId }, "this commit is being reviewed right now; event ignored");
        return "duplicate";
      }
      const hasJob = (await queue.getDeduplicationJobId(key)) !== null;
      if (!hasJob && (await depth()) >= limits.maxWaiting) {
        log.warn(
          { key, headSha, deliveryId: job.deliveryId, maxWaiting: limits.maxWaiting },
          "review queue full: job shed (raise QUEUE_MAX_WAITING, REVIEW_CONCURRENCY or the number of replicas)",
        );
        await commands.del(redisKey("delivery", job.deliveryId));
        if (handlers !== undefined) {
          const { notStarted } = handlers;
          track(
            notStarted(job, `The review queue was full (QUEUE_MAX_WAITING=${limits.maxWaiting} reviews waiting), so this review was not started.`).catch(
              (error: unknown) => log.error({ err: error, key }, "could not record a job that was not started"),
            ),
          );
        }
        return "shed";
      }
      await addJob(key, job.installationId, await requests.record(key, job));
      return hasJob ? "replaced" : "queued";
    },

    async start(given) {
      handlers = given;
      await subscriber.subscribe(cancelChannel);
      subscriber.on("message", (channel: string, message: string) => {
        if (channel !== cancelChannel) return;
        const parsed = CancelMessageSchema.safeParse(JSON.parse(message));
        if (parsed.success) running.supersede(parsed.data.key, parsed.data.headSha);
      });
      worker = new Worker(QUEUE_NAME, process, {
        connection: workerConnection,
        prefix,
        concurrency: limits.concurrency,
        // Locks are renewed while a review runs; a replica that dies leaves its job stalled, and another takes it.
        lockDuration: stall.lockDurationMs,
        stalledInterval: stall.stalledIntervalMs,
      });
      worker.on("error", (error: unknown) => log.error({ err: error }, "BullMQ worker error"));
      worker.on("stalled", (jobId: string) =>
        log.warn({ jobId, lockDurationMs: stall.lockDurationMs }, "a review job's replica stopped renewing its lock (it died?): the job is queued again"),
      );
      // process() catches what a review throws, so a job fails only when it stalled more often than BullMQ allows.
      worker.on("failed", (job: Job | undefined, error: Error) =>
        log.error({ err: error, jobId: job?.id, key: QueuedJobSchema.safeParse(job?.data).data?.key }, "review job given up by the queue"),
      );
    },

    depth,

    running() {
      return running.size;
    },

    async isReady() {
      if (closed) return false;
      try {
        return (await commands.ping()) === "PONG";
      } catch {
        return false;
      }
    },

    async onIdle() {
      for (;;) {
        const [waiting, active] = await Promise.all([depth(), queue.getJobCountByTypes("active")]);
        if (waiting === 0 && active === 0 && running.size === 0 && sideTasks.size === 0) return;
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      }
    },

    async close(graceMs) {
      if (closed) return;
      closed = true;
      const closing = worker?.close() ?? Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"grace over">((resolve) => {
        timer = setTimeout(() => resolve("grace over"), graceMs);
      });
      const outcome = await Promise.race([closing.then(() => "drained" as const), graceOver]);
      clearTimeout(timer);
      if (outcome === "grace over") {
        log.warn({ running: running.size, graceMs }, "grace period over: interrupting running reviews, which are queued again");
        running.abortAll(INTERRUPTED_FOR_RESTART);
        await closing;
      }
      await Promise.all(sideTasks);
      await queue.close();
      await Promise.all([subscriber.quit(), commands.quit(), workerConnection.quit()]);
    },
  };
}
