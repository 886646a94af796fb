import { randomUUID } from "node:crypto";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { ReviewInterrupted } from "../../core/errors.js";
import type { Logger } from "../../core/ports.js";
import { headShaOf, newerJobWins, ReviewJobSchema, reviewJobKey, type ReviewJob } from "./review-job.js";
import type { EnqueueResult, QueueHandlers, QueueLimits, ReviewQueue } from "./review-queue.js";
import { RunningReviews } from "./running-reviews.js";

export interface BullMQQueueOptions {
  readonly redisUrl: string;
  readonly log: Logger;
  readonly limits: QueueLimits;
  /** Prefix of every Redis key and of the cancel channel: several deployments can share one Redis. */
  readonly prefix?: string;
}

const QUEUE_NAME = "reviews";
/** GitHub keeps a delivery redeliverable for 30 days; a week covers every redelivery seen in practice. */
const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
const LATEST_TTL_SECONDS = 30 * 24 * 3600;
/** BullMQ priorities run from 1 (first) to 2,097,152. */
const MAX_PRIORITY = 2_097_152;
const IDLE_POLL_MS = 25;

/** A BullMQ job is only a pointer: the PR key. What to review is the PR's newest request, kept beside it. */
const QueuedJobSchema = z.object({ key: z.string(), installationId: z.number().int() });
const CancelMessageSchema = z.object({ key: z.string(), headSha: z.string() });

const INTERRUPTED_FOR_RESTART = new ReviewInterrupted(
  "shutdown",
  "This reviewer replica was shut down (SIGTERM) before the review finished; the review is queued again and another replica takes it.",
);

/**
 * The scale-out queue: BullMQ on Redis, shared by every replica.
 *
 * - One job per PR at a time: the PR key is the BullMQ deduplication id with `keepLastIfActive`, so a PR has at
 *   most one running and one waiting job, on whichever replicas.
 * - The newest push wins: every event overwrites the PR's "latest" request in Redis and a job always reviews
 *   the latest when it starts; an event for a new head is published on a channel every replica listens to,
 *   and the replica running an older head's review aborts it.
 * - Redeliveries are dropped by their delivery id (SET NX); an event for the commit under review right now too.
 * - Installations take turns approximately: a job's priority is its installation's number of waiting jobs.
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
  const workerConnection = new Redis(options.redisUrl, redisOptions);
  workerConnection.on("error", (error: unknown) => log.error({ err: error, connection: "worker" }, "Redis connection error"));
  let handlers: QueueHandlers | undefined;
  let worker: Worker | undefined;
  let closed = false;

  const track = (task: Promise<void>): void => {
    const tracked = task.finally(() => sideTasks.delete(tracked));
    sideTasks.add(tracked);
  };

  const readLatest = async (key: string): Promise<ReviewJob | undefined> => {
    const text = await commands.get(redisKey("latest", key));
    if (text === null) return undefined;
    const parsed = ReviewJobSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      log.warn({ key, problem: parsed.error.message }, "unreadable review request in Redis ignored");
      return undefined;
    }
    return parsed.data;
  };

  const depth = (): Promise<number> => queue.getJobCountByTypes("wait", "prioritized", "delayed");

  const addJob = async (key: string, installationId: number): Promise<void> => {
    const turns = redisKey("installation-waiting", String(installationId));
    const waitingOfInstallation = await commands.incr(turns);
    await commands.expire(turns, 24 * 3600);
    const jobId = randomUUID();
    const added = await queue.add(
      "review",
      { key, installationId },
      {
        jobId,
        priority: Math.min(MAX_PRIORITY, Math.max(1, waitingOfInstallation)),
        deduplication: { id: key, keepLastIfActive: true },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
    // Deduplicated: the PR already has a waiting job (which will review the latest request) or a running one.
    if (added.id !== jobId) await commands.decr(turns);
  };

  const process = async (job: Job): Promise<void> => {
    const current = handlers;
    const queued = QueuedJobSchema.safeParse(job.data);
    if (current === undefined || !queued.success) return;
    const { key, installationId } = queued.data;
    await commands.decr(redisKey("installation-waiting", String(installationId)));
    const review = await readLatest(key);
    if (review === undefined) return;
    const runningKey = redisKey("running", key);
    await commands.set(runningKey, headShaOf(review) ?? "", "PX", limits.jobTimeoutMs + 60_000);
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
      await addJob(key, installationId);
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
      const runningSha = await commands.get(redisKey("running", key));
      if (!job.forced && headSha !== null && runningSha === headSha) {
        log.info({ key, headSha, deliveryId: job.deliveryId }, "this commit is being reviewed right now; event ignored");
        return "duplicate";
      }
      const previous = await readLatest(key);
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
      const latest = previous === undefined ? job : newerJobWins(previous, job);
      await commands.set(redisKey("latest", key), JSON.stringify(latest), "EX", LATEST_TTL_SECONDS);
      if (headSha !== null) await commands.publish(cancelChannel, JSON.stringify({ key, headSha }));
      await addJob(key, job.installationId);
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
        lockDuration: 30_000,
        stalledInterval: 30_000,
      });
      worker.on("error", (error: unknown) => log.error({ err: error }, "BullMQ worker error"));
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
