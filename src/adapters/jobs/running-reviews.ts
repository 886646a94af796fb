import { ReviewInterrupted } from "../../core/errors.js";
import type { Logger } from "../../core/ports.js";
import { headShaOf, reviewJobKey, type ReviewJob } from "./review-job.js";

interface Running {
  readonly job: ReviewJob;
  readonly controller: AbortController;
  readonly timer: NodeJS.Timeout;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** The reviews running in this process, each with the controller that stops it, keyed by pull request. */
export class RunningReviews {
  readonly #byKey = new Map<string, Running>();

  constructor(
    private readonly log: Logger,
    private readonly jobTimeoutMs: number,
  ) {}

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): ReviewJob | undefined {
    return this.#byKey.get(key)?.job;
  }

  /** Registers a starting job; its signal aborts at the deadline, on a newer push, or on shutdown. */
  begin(job: ReviewJob): AbortSignal {
    const controller = new AbortController();
    const limit = this.jobTimeoutMs >= 1000 ? `${Math.round(this.jobTimeoutMs / 1000)} s` : `${this.jobTimeoutMs} ms`;
    const timer = setTimeout(() => {
      controller.abort(
        new ReviewInterrupted(
          "timeout",
          `The review did not finish within ${limit} (REVIEW_TIMEOUT_MS plus time for GitHub's requests); GitHub or the model endpoint may be slow or hanging. Press Re-run to try again.`,
        ),
      );
    }, this.jobTimeoutMs);
    timer.unref();
    this.#byKey.set(reviewJobKey(job), { job, controller, timer });
    return controller.signal;
  }

  end(job: ReviewJob): void {
    const key = reviewJobKey(job);
    const running = this.#byKey.get(key);
    if (running?.job !== job) return;
    clearTimeout(running.timer);
    this.#byKey.delete(key);
  }

  /** Aborts the PR's running review when it is of another commit than `newHeadSha`; true when it did. */
  supersede(key: string, newHeadSha: string): boolean {
    const running = this.#byKey.get(key);
    const runningSha = running === undefined ? null : headShaOf(running.job);
    if (running === undefined || runningSha === newHeadSha || running.controller.signal.aborted) return false;
    const what = runningSha === null ? "this pull request's head" : `commit ${short(runningSha)}`;
    this.log.info({ key, headSha: runningSha, newHeadSha }, "a newer push cancels the running review");
    running.controller.abort(
      new ReviewInterrupted("superseded", `A newer commit (${short(newHeadSha)}) was pushed while ${what} was being reviewed; the newest commit is reviewed instead.`),
    );
    return true;
  }

  abortAll(reason: ReviewInterrupted): void {
    for (const running of this.#byKey.values()) running.controller.abort(reason);
  }
}
