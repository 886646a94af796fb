import { EnvError, parseAppSettings, type AppSettings } from "./env.js";
import { parseServerEnv, type ServerSettings } from "./github-env.js";
import { parseQueueEnv, type QueueSettings } from "./queue-env.js";

export interface Settings {
  readonly server: ServerSettings;
  readonly app: AppSettings;
  readonly queue: QueueSettings;
}

/** Validates the whole environment once, at start-up, and reports every problem at once. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const server = parseServerEnv(env);
  const app = parseAppSettings(env);
  const queue = parseQueueEnv(env);
  if (server.settings && app.settings && queue.settings) return { server: server.settings, app: app.settings, queue: queue.settings };
  throw new EnvError([...server.problems, ...app.problems, ...queue.problems]);
}
