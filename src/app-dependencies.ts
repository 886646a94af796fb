import type { ReviewQueue } from "./adapters/jobs/review-queue.js";
import type { PersonCommandLimiter } from "./core/budget/command-limit.js";
import type { EngineDependencies } from "./engine/engine-dependencies.js";

/** The App's part: the engine, its GitHub App id (our check runs are found by it), and the queue between webhooks and reviews. */
export interface AppDependencies extends EngineDependencies {
  readonly appId: number;
  readonly queue: ReviewQueue;
  /**
   * PERSON_HOURLY_COMMAND_LIMIT: a comment command that would call the model (`/review`, `/ask`, an answer in a
   * review thread) first calls `tryConsume(installationId, login)`, and is answered instead when it is refused.
   */
  readonly commandLimiter: PersonCommandLimiter;
}
