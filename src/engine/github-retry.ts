import type { GitHubRetrySettings } from "../adapters/github/request-retries.js";
import { parseQueueEnv } from "../config/queue-env.js";

/**
 * How a job's GitHub requests are retried, from the same variables as the App's (GITHUB_WRITE_RETRIES,
 * GITHUB_RETRY_BASE_MS, GITHUB_RETRY_MAX_WAIT_MS, GITHUB_RATE_LIMIT_WAIT_MS); the problems when one is invalid.
 */
export function githubRetryFromEnv(env: Readonly<Record<string, string | undefined>>): { readonly settings?: GitHubRetrySettings; readonly problems: readonly string[] } {
  const { settings, problems } = parseQueueEnv(env);
  if (settings === undefined) return { problems };
  return {
    problems,
    settings: {
      retries: settings.githubWriteRetries,
      baseDelayMs: settings.githubRetryBaseMs,
      maxWaitMs: settings.githubRetryMaxWaitMs,
      rateLimitWaitMs: settings.githubRateLimitWaitMs,
    },
  };
}
