import { parseCostEnv, type CostSettings } from "./cost-env.js";
import { EnvError, parseAppSettings, type AppSettings } from "./env.js";
import { parseServerEnv, type ServerSettings } from "./github-env.js";
import { parseQueueEnv, type QueueSettings } from "./queue-env.js";

export interface Settings {
  readonly server: ServerSettings;
  readonly app: AppSettings;
  readonly queue: QueueSettings & {
    /** A running job is aborted (check run `timed_out`) after this long. */
    readonly jobTimeoutMs: number;
  };
  /** Caps on costly repository config values, and the token and command budgets. */
  readonly cost: CostSettings;
}

/**
 * REVIEW_TIMEOUT_MS bounds the model calls, and a review that reaches it still posts what was done; the job
 * itself gets this much longer for its GitHub reads and writes before it is stopped outright.
 */
export const JOB_TIMEOUT_MARGIN_MS = 120_000;

/** Validates the whole environment once, at start-up, and reports every problem at once. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const server = parseServerEnv(env);
  const app = parseAppSettings(env);
  const queue = parseQueueEnv(env);
  const cost = parseCostEnv(env);
  if (server.settings && app.settings && queue.settings && cost.settings) {
    return {
      server: server.settings,
      app: app.settings,
      queue: { ...queue.settings, jobTimeoutMs: app.settings.model.reviewTimeoutMs + JOB_TIMEOUT_MARGIN_MS },
      cost: cost.settings,
    };
  }
  throw new EnvError([...server.problems, ...app.problems, ...queue.problems, ...cost.problems]);
}
