import { ProbotOctokit } from "probot";
import { observeResponses } from "./octokit-plugins.js";

/**
 * Each job's client waits out rate limits and retries reads itself (`withRequestRetries`: capped by
 * GITHUB_RETRY_MAX_WAIT_MS, ended by the job's signal), and writes after a 5xx only once their effect was looked
 * for (`withWriteRetries`). So Probot's plugins must not retry too: the throttling plugin only spaces requests
 * (its handlers decline every retry; Probot's own would wait out a spent quota uncapped and drop secondary
 * limits), and the retry plugin, which repeats 5xx blindly (a second summary comment) and 429s without reading
 * `retry-after`, is off.
 */
export function probotOctokitClass(throttling: boolean, onResponse: (status: number) => void): typeof ProbotOctokit {
  return ProbotOctokit.plugin(observeResponses(onResponse)).defaults((options: Record<string, unknown>) => {
    const throttle = typeof options["throttle"] === "object" ? options["throttle"] : {};
    return {
      ...options,
      throttle: throttling ? { ...throttle, onRateLimit: () => false, onSecondaryRateLimit: () => false } : { ...throttle, enabled: false },
      retry: { enabled: false },
    };
  });
}
