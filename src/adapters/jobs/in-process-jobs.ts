import type { Logger } from "../../core/ports.js";

export type Job = () => Promise<void>;

export interface JobRunner {
  /** Runs the job later; returns at once so the webhook is answered without waiting for the review. */
  enqueue(key: string, job: Job): void;
  /** Resolves when no job is running or waiting. */
  onIdle(): Promise<void>;
  /** Stops taking jobs and waits for those already taken. */
  close(): Promise<void>;
}

interface KeyState {
  running: boolean;
  /** Only the newest job waits per key: a newer push makes an older, not yet started review pointless. */
  next: Job | undefined;
}

/**
 * The embedded queue: jobs for one key (one pull request) run one after another, newest waiting job wins,
 * and at most `concurrency` jobs run at once across keys. Job failures are logged, never left unhandled.
 */
export function createInProcessJobs(log: Logger, concurrency = 4): JobRunner {
  const keys = new Map<string, KeyState>();
  const ready: string[] = [];
  let active = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const isIdle = (): boolean => active === 0 && keys.size === 0;
  const notifyIfIdle = (): void => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = (): void => {
    while (active < concurrency && ready.length > 0) {
      const key = ready.shift();
      const state = key === undefined ? undefined : keys.get(key);
      if (key === undefined || !state || state.running || !state.next) continue;
      const job = state.next;
      state.next = undefined;
      state.running = true;
      active += 1;
      void job()
        .catch((error: unknown) => log.error({ err: error, key }, "review job failed"))
        .finally(() => {
          active -= 1;
          state.running = false;
          if (state.next) ready.push(key);
          else keys.delete(key);
          pump();
          notifyIfIdle();
        });
    }
  };

  return {
    enqueue(key, job) {
      if (closed) {
        log.warn({ key }, "job refused: the server is shutting down");
        return;
      }
      const state = keys.get(key) ?? { running: false, next: undefined };
      if (state.next) log.info({ key }, "a newer job replaces the waiting one");
      const wasWaiting = state.next !== undefined;
      state.next = job;
      keys.set(key, state);
      if (!state.running && !wasWaiting) ready.push(key);
      pump();
    },
    onIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      await this.onIdle();
    },
  };
}
