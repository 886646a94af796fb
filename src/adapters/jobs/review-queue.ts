import type { ReviewJob } from "./review-job.js";

/**
 * - `queued`: a new job; `replaced`: it replaced the PR's waiting job (the newest push wins);
 * - `duplicate`: a redelivery, or an event for the commit under review right now;
 * - `shed`: the queue was full, the check run says so; `refused`: the server is shutting down.
 */
export type EnqueueResult = "queued" | "replaced" | "duplicate" | "shed" | "refused";

export interface QueueHandlers {
  /** Runs one review. `signal` aborts on a newer push for the PR, on shutdown after the grace period, or at the job's deadline. */
  process(job: ReviewJob, signal: AbortSignal): Promise<void>;
  /** A job that will never run (queue full, shutdown): record why where the user looks, the check run. */
  notStarted(job: ReviewJob, reason: string): Promise<void>;
}

export interface QueueLimits {
  /** Reviews running at once in this process. */
  readonly concurrency: number;
  /** Jobs waiting beyond this are shed. */
  readonly maxWaiting: number;
  /** A running review is aborted (check run `timed_out`) after this long. */
  readonly jobTimeoutMs: number;
}

/** The review queue: in-process for one replica, BullMQ on Redis for several. */
export interface ReviewQueue {
  readonly backend: "in-process" | "redis";
  /** Validates nothing and reaches no API beyond the queue itself: the webhook is answered right after. */
  enqueue(job: ReviewJob): Promise<EnqueueResult>;
  /** Starts taking jobs. */
  start(handlers: QueueHandlers): Promise<void>;
  /** Jobs waiting to run (all replicas, for Redis). */
  depth(): Promise<number>;
  /** Reviews running in this process. */
  running(): number;
  /** The backend can take jobs (Redis answers). */
  isReady(): Promise<boolean>;
  /** Resolves when no job is waiting or running (for tests and benchmarks). */
  onIdle(): Promise<void>;
  /**
   * Stops taking jobs, lets running reviews finish for `graceMs`, then aborts them (their check runs say
   * "interrupted") and waits for that to be recorded.
   */
  close(graceMs: number): Promise<void>;
}
