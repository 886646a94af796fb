import type { HookableClient } from "./request-retries.js";

/** Reports every GitHub response's status (0 when no response came), for the metrics. */
export function observeResponses(onResponse: (status: number) => void): (octokit: HookableClient) => void {
  return (octokit) => {
    octokit.hook.after("request", (response) => onResponse(response.status));
    octokit.hook.error("request", (error) => {
      onResponse(typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : 0);
      throw error;
    });
  };
}
