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

/** Where a command was given: the conversation, or a review thread (its first comment). */
const ReplyTargetSchema = z.union([
  z.object({ kind: z.literal("issue") }),
  z.object({ kind: z.literal("review"), rootId: z.number().int().positive() }),
]);

const PullRequestJobSchema = JobBase.extend({
  kind: z.literal("review").optional(),
  pullNumber: z.number().int().positive(),
  /** The pull request as the event described it; null means "its current head", looked up by the job. */
  pullRequest: z
    .object({
      title: z.string(),
      body: z.string(),
      headSha: z.string().min(1),
      baseSha: z.string().min(1),
      draft: z.boolean(),
      /**
       * Who opened it and whether it comes from a fork, for `automatic_reviews`. Absent from jobs queued by an older
       * version and from `/review`'s (asked for, so not subject to it): looked up when a decision needs them.
       */
      author: z.string().min(1).optional(),
      fromFork: z.boolean().optional(),
    })
    .nullable(),
  /**
   * Asked for with `/review` (`full`: `/review full`): reviewed even while automatic reviews are paused and on a
   * draft; an already reviewed head gets a short reply where the command was given instead of a review.
   */
  command: z.object({ full: z.boolean(), replyTo: ReplyTargetSchema }).optional(),
});

/**
 * A re-run of a check suite GitHub linked to no pull request (a fork's PR leaves the suite's `pull_requests`
 * empty): the job finds the pull requests of `commitSha` and queues a review of each. The lookup is an API
 * call, so it runs here rather than in the webhook handler.
 */
const CommitJobSchema = JobBase.extend({
  kind: z.literal("commit").optional(),
  pullNumber: z.null(),
  pullRequest: z.null(),
  commitSha: z.string().min(1),
});

const ActorSchema = z.object({ login: z.string().min(1), id: z.number().int(), type: z.string() });

/**
 * A person's comment on a pull request to respond to (a command, a reply in a review thread, a mention). Keyed by
 * the comment, so it never replaces a review of the pull request, nor is replaced by one.
 */
const CommentJobSchema = JobBase.extend({
  kind: z.literal("comment"),
  pullNumber: z.number().int().positive(),
  pullRequest: z.null(),
  comment: z.object({
    kind: z.enum(["issue", "review"]),
    id: z.number().int().positive(),
    body: z.string(),
    author: ActorSchema,
    pullRequestAuthor: z.string(),
    inReplyTo: z.number().int().positive().optional(),
  }),
});

/** A review thread someone resolved: one of ours resolved by a person teaches the app (see learnFromResolvedThread). */
const ThreadJobSchema = JobBase.extend({
  kind: z.literal("thread-resolved"),
  pullNumber: z.number().int().positive(),
  pullRequest: z.null(),
  rootId: z.number().int().positive(),
  resolvedBy: z.object({ login: z.string().min(1), type: z.string() }),
});

// Jobs with a `kind` first: a review job's shape would also accept them (and drop their fields).
export const ReviewJobSchema = z.union([CommentJobSchema, ThreadJobSchema, PullRequestJobSchema, CommitJobSchema]);
export type ReviewJob = z.infer<typeof ReviewJobSchema>;
export type PullRequestJob = z.infer<typeof PullRequestJobSchema>;
export type CommitJob = z.infer<typeof CommitJobSchema>;
export type CommentJob = z.infer<typeof CommentJobSchema>;
export type ThreadJob = z.infer<typeof ThreadJobSchema>;
export type ConversationJob = CommentJob | ThreadJob;
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

export function isConversationJob(job: ReviewJob): job is ConversationJob {
  return job.kind === "comment" || job.kind === "thread-resolved";
}

/**
 * Reviews are keyed by pull request: one review per PR at a time, and the newest push wins. A comment or a thread
 * event has a key of its own: answering it never cancels a review, and a push never drops an answer.
 */
export function reviewJobKey(job: ReviewJob): string {
  if (job.kind === "comment") return `${job.owner}/${job.repo}#${job.pullNumber}/comment-${job.comment.id}`;
  if (job.kind === "thread-resolved") return `${job.owner}/${job.repo}#${job.pullNumber}/thread-${job.rootId}`;
  return job.pullNumber === null ? `${job.owner}/${job.repo}@${job.commitSha}` : `${job.owner}/${job.repo}#${job.pullNumber}`;
}

export function headShaOf(job: ReviewJob): string | null {
  return job.pullRequest?.headSha ?? null;
}

/** `/review` asked for it: a running review that may skip (paused, draft, held back by `automatic_reviews`) does not stand for it. */
export function isCommanded(job: ReviewJob): boolean {
  return "command" in job && job.command !== undefined;
}

/**
 * A newer event for a PR replaces the waiting one; an explicit request stays explicit when the newer event is
 * about the same commit (a `reopened` after a Re-run must not turn the Re-run into a no-op). A `/review` stays a
 * command whatever comes after it, so a push while reviews are paused does not swallow it: the newest head is
 * reviewed, as asked.
 */
export function newerJobWins(waiting: ReviewJob, newer: ReviewJob): ReviewJob {
  const sameTarget = headShaOf(waiting) === headShaOf(newer) || headShaOf(waiting) === null;
  const merged = { ...newer, forced: newer.forced || (waiting.forced && sameTarget) };
  if (merged.pullNumber === null || isConversationJob(merged) || isCommanded(merged)) return merged;
  const command = "command" in waiting ? waiting.command : undefined;
  return command === undefined ? merged : { ...merged, command };
}
