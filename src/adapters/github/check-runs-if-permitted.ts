import type { Logger, PullRequestHost } from "../../core/ports.js";
import { httpStatusOf } from "./github-errors.js";

/** The id the review is given when there is no check run: completing it or reporting progress on it does nothing. */
export const NO_CHECK_RUN = 0;

/**
 * GitHub's answer to a token that lacks a permission the request needs, e.g. a workflow's GITHUB_TOKEN without
 * `checks: write` (`permissions:` leaves unlisted scopes at none), or a personal token, which may never create a
 * check run ("You must authenticate via a GitHub App.": the Checks API is only for apps).
 */
export function isPermissionDenied(error: unknown): boolean {
  if (httpStatusOf(error) !== 403) return false;
  const message = typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" ? error.message : "";
  return /resource not accessible by (integration|personal access token)|must authenticate via a github app/i.test(message);
}

/** Whether check runs can be written, learnt from the first refusal and kept for the rest of the job. */
export interface CheckRunPermission {
  denied: boolean;
}

/**
 * A host that reviews without a check run when the token may not create one: the refusal is logged once and the
 * review goes on (the job's own pass or fail, and the summary comment, still say how it went).
 */
export function withCheckRunsIfPermitted<H extends PullRequestHost>(host: H, permission: CheckRunPermission, log: Logger): H {
  return {
    ...host,
    async startCheckRun() {
      if (permission.denied) return NO_CHECK_RUN;
      try {
        return await host.startCheckRun();
      } catch (error) {
        if (!isPermissionDenied(error)) throw error;
        permission.denied = true;
        log.info({}, "no check run: the token may not create one (grant checks: write to get one); reviewing without it");
        return NO_CHECK_RUN;
      }
    },
    completeCheckRun: (checkRunId, output) => (checkRunId === NO_CHECK_RUN ? Promise.resolve() : host.completeCheckRun(checkRunId, output)),
    reportProgress: (checkRunId, text) => (checkRunId === NO_CHECK_RUN ? Promise.resolve() : host.reportProgress(checkRunId, text)),
  };
}
