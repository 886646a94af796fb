import { z } from "zod";

/**
 * One review to run, as plain data: it crosses Redis between replicas, so it carries ids, not clients. The job
 * gets an installation token and reads the repository config when it runs.
 */
const JobBase = z.object({
  /** X-GitHub-Delivery of the event that asked for the review; redeliveries keep it. */
  deliveryId: z.string().min(1),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** An explicit request (GitHub's Re-run button): reviews even a head that was already reviewed. */
  forced: z.boolean(),
  /** Epoch milliseconds when the webhook was answered. */
  queuedAt: z.number(),
});

const PullRequestJobSchema = JobBase.extend({
  pullNumber: z.number().int().positive(),
  /** The pull request as the event described it; null means "its current head", looked up by the job. */
  pullRequest: z
    .object({
      title: z.string(),
      body: z.string(),
      headSha: z.string().min(1),
      baseSha: z.string().min(1),
      draft: z.boolean(),
    })
    .nullable(),
});

/**
 * A re-run of a check suite GitHub linked to no pull request (a fork's PR leaves the suite's `pull_requests`
 * empty): the job finds the pull requests of `commitSha` and queues a review of each. The lookup is an API
 * call, so it runs here rather than in the webhook handler.
 */
const CommitJobSchema = JobBase.extend({
  pullNumber: z.null(),
  pullRequest: z.null(),
  commitSha: z.string().min(1),
});

export const ReviewJobSchema = z.union([PullRequestJobSchema, CommitJobSchema]);
export type ReviewJob = z.infer<typeof ReviewJobSchema>;
export type PullRequestJob = z.infer<typeof PullRequestJobSchema>;
export type CommitJob = z.infer<typeof CommitJobSchema>;

/** Jobs are keyed by pull request: one review per PR at a time, and the newest push wins. */
export function reviewJobKey(job: ReviewJob): string {
  return job.pullNumber === null ? `${job.owner}/${job.repo}@${job.commitSha}` : `${job.owner}/${job.repo}#${job.pullNumber}`;
}

export function headShaOf(job: ReviewJob): string | null {
  return job.pullRequest?.headSha ?? null;
}

/**
 * A newer event for a PR replaces the waiting one; an explicit request stays explicit when the newer event is
 * about the same commit (a `reopened` after a Re-run must not turn the Re-run into a no-op).
 */
export function newerJobWins(waiting: ReviewJob, newer: ReviewJob): ReviewJob {
  const sameTarget = headShaOf(waiting) === headShaOf(newer) || headShaOf(waiting) === null;
  return { ...newer, forced: newer.forced || (waiting.forced && sameTarget) };
}
