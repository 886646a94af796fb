import type { GitHubClient } from "./github-client.js";

/** Creating a review or a check run; the URL is still a route template when the hook sees it. */
const NON_IDEMPOTENT_CREATES = [/\/pulls\/[^/]+\/reviews$/, /\/repos\/[^/]+\/[^/]+\/check-runs$/];

type Hookable = Pick<GitHubClient, "hook">;

/**
 * Octokit's retry plugin repeats a request that got a 5xx. GitHub sometimes creates a review and still answers
 * 502, so a blind repeat posts it twice: these creates are retried only by `withWriteRetries`, which looks for
 * the earlier attempt's effect first.
 */
export function noBlindRetriesOfCreates(octokit: Hookable): void {
  octokit.hook.before("request", (options) => {
    if (options.method === "POST" && NON_IDEMPOTENT_CREATES.some((pattern) => pattern.test(options.url))) {
      options.request = { ...options.request, retries: 0 };
    }
  });
}

/** Reports every GitHub response's status (0 when no response came), for the metrics. */
export function observeResponses(onResponse: (status: number) => void): (octokit: Hookable) => void {
  return (octokit) => {
    octokit.hook.after("request", (response) => onResponse(response.status));
    octokit.hook.error("request", (error) => {
      onResponse(typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : 0);
      throw error;
    });
  };
}
