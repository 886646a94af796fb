import type { ReviewQueue } from "./adapters/jobs/review-queue.js";
import type { EngineDependencies } from "./engine/engine-dependencies.js";
import type { ConversationDependencies } from "./engine/run-conversation-job.js";

/** The App's part: the engine, its GitHub App id (our check runs are found by it), and the queue between webhooks and reviews. */
export interface AppDependencies extends EngineDependencies {
  readonly appId: number;
  readonly queue: ReviewQueue;
  /** Commands, answers in review threads and learning from reviewers. */
  readonly conversation: ConversationDependencies;
}
