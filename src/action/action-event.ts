import { z } from "zod";
import type { CommentJob } from "../adapters/jobs/review-job.js";
import { isBotActor } from "../core/conversation/actors.js";
import { mayBeForUs } from "../core/conversation/may-be-for-us.js";
import { isFromFork } from "../core/eligibility/automatic-reviews.js";

/** The pull_request actions that mean "there is new code to review", as for the App. */
export const REVIEW_ACTIONS = ["opened", "reopened", "synchronize", "ready_for_review"] as const;

export interface PullRequestSnapshot {
  readonly title: string;
  readonly body: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly draft: boolean;
  /** For `automatic_reviews`: who opened it, and whether its head lives in another repository. */
  readonly author: string;
  readonly fromFork: boolean;
}

/** The comment a `issue_comment` or `pull_request_review_comment` run is about, as the engine's comment job takes it. */
export type ActionComment = CommentJob["comment"];

export type ActionEvent =
  | {
      readonly kind: "pull-request";
      readonly owner: string;
      readonly repo: string;
      readonly number: number;
      readonly action: string;
      readonly pullRequest: PullRequestSnapshot;
    }
  | { readonly kind: "comment"; readonly owner: string; readonly repo: string; readonly number: number; readonly comment: ActionComment }
  | { readonly kind: "ignored"; readonly reason: string };

const RepositorySchema = z.looseObject({ name: z.string(), owner: z.looseObject({ login: z.string() }) });

const PullRequestEventSchema = z.looseObject({
  action: z.string(),
  repository: RepositorySchema,
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    state: z.string(),
    title: z.string(),
    body: z.string().nullable().optional(),
    draft: z.boolean().optional(),
    // A deleted account's pull request has no user; a deleted fork's, no head repository.
    user: z.looseObject({ login: z.string() }).nullable(),
    head: z.looseObject({ sha: z.string(), repo: z.looseObject({ id: z.number() }).nullable() }),
    base: z.looseObject({ sha: z.string(), repo: z.looseObject({ id: z.number() }) }),
  }),
});

const UserSchema = z.looseObject({ login: z.string(), id: z.number(), type: z.string().optional() });

const IssueCommentEventSchema = z.looseObject({
  action: z.string(),
  repository: RepositorySchema,
  issue: z.looseObject({ number: z.number().int().positive(), pull_request: z.unknown().optional(), user: UserSchema.nullable().optional() }),
  comment: z.looseObject({ id: z.number().int().positive(), body: z.string().nullable().optional(), user: UserSchema.nullable() }),
  sender: UserSchema.nullable().optional(),
});

const ReviewCommentEventSchema = z.looseObject({
  action: z.string(),
  repository: RepositorySchema,
  pull_request: z.looseObject({ number: z.number().int().positive(), user: UserSchema.nullable().optional() }),
  comment: z.looseObject({
    id: z.number().int().positive(),
    body: z.string().nullable().optional(),
    user: UserSchema.nullable(),
    in_reply_to_id: z.number().int().positive().nullable().optional(),
  }),
  sender: UserSchema.nullable().optional(),
});

type PayloadUser = z.infer<typeof UserSchema>;

function actorOf(user: PayloadUser): ActionComment["author"] {
  return { login: user.login, id: user.id, type: user.type ?? "User" };
}

/**
 * Settled from the payload alone, before any API call, as the App settles a webhook: a bot's comment (GitHub's
 * job token writes as `github-actions[bot]`, and no bot is ever answered), a deleted account's, and a comment that
 * can hold no command, mention or thread reply. Anything else is the engine's to read properly.
 */
function commentEvent(
  eventName: string, action: string, repository: z.infer<typeof RepositorySchema>, number: number,
  comment: { readonly id: number; readonly body?: string | null | undefined; readonly user: PayloadUser | null; readonly inReplyTo?: number | undefined },
  pullRequestAuthor: PayloadUser | null | undefined, sender: PayloadUser | null | undefined,
): ActionEvent {
  if (action !== "created") return { kind: "ignored", reason: `${eventName}.${action}: only new comments can be commands` };
  if (comment.user === null) return { kind: "ignored", reason: `comment ${comment.id} is by a deleted account` };
  const author = actorOf(comment.user);
  const bot = [author, sender === null || sender === undefined ? undefined : actorOf(sender)].find((actor) => actor !== undefined && isBotActor(actor));
  if (bot !== undefined) return { kind: "ignored", reason: `comment ${comment.id} is by a bot (${bot.login}); pr-reviewer never answers bots` };
  const body = comment.body ?? "";
  const isThreadReply = comment.inReplyTo !== undefined;
  if (!mayBeForUs(body, isThreadReply)) return { kind: "ignored", reason: `comment ${comment.id} holds no command, mention or reply in a review thread` };
  return {
    kind: "comment",
    owner: repository.owner.login,
    repo: repository.name,
    number,
    comment: {
      kind: eventName === "issue_comment" ? "issue" : "review",
      id: comment.id,
      body,
      author,
      pullRequestAuthor: pullRequestAuthor?.login ?? "",
      ...(isThreadReply ? { inReplyTo: comment.inReplyTo } : {}),
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
}

/**
 * What the workflow run is about, from `GITHUB_EVENT_NAME` and the payload in `GITHUB_EVENT_PATH`.
 * `pull_request` and `pull_request_target` are the same to the review: it reads the pull request through the
 * API and never runs or checks out its code, so the event that grants a fork's pull request the secrets is safe.
 */
export function readActionEvent(eventName: string, payload: unknown): ActionEvent {
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const parsed = PullRequestEventSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`the ${eventName} event payload is not a pull request event: ${describeIssues(parsed.error)}`);
    const { action, repository, pull_request: pr } = parsed.data;
    if (!REVIEW_ACTIONS.some((a) => a === action)) {
      return { kind: "ignored", reason: `${eventName}.${action} brings no new code to review (reviewed: ${REVIEW_ACTIONS.join(", ")})` };
    }
    if (pr.state !== "open") return { kind: "ignored", reason: `pull request #${pr.number} is ${pr.state}` };
    return {
      kind: "pull-request",
      owner: repository.owner.login,
      repo: repository.name,
      number: pr.number,
      action,
      pullRequest: {
        title: pr.title, body: pr.body ?? "", headSha: pr.head.sha, baseSha: pr.base.sha, draft: pr.draft ?? false,
        author: pr.user?.login ?? "ghost", fromFork: isFromFork(pr.head, pr.base),
      },
    };
  }
  if (eventName === "issue_comment") {
    const parsed = IssueCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`the issue_comment event payload is not an issue comment event: ${describeIssues(parsed.error)}`);
    const { repository, issue, comment, sender } = parsed.data;
    // GitHub files a pull request's conversation comments as comments on its issue, which carries `pull_request`.
    if (issue.pull_request === undefined || issue.pull_request === null) return { kind: "ignored", reason: `#${issue.number} is an issue, not a pull request` };
    return commentEvent(eventName, parsed.data.action, repository, issue.number, comment, issue.user, sender);
  }
  if (eventName === "pull_request_review_comment") {
    const parsed = ReviewCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`the pull_request_review_comment event payload is not a review comment event: ${describeIssues(parsed.error)}`);
    const { repository, pull_request: pr, comment, sender } = parsed.data;
    const inReplyTo = comment.in_reply_to_id ?? undefined;
    return commentEvent(eventName, parsed.data.action, repository, pr.number, { ...comment, ...(inReplyTo === undefined ? {} : { inReplyTo }) }, pr.user, sender);
  }
  return {
    kind: "ignored",
    reason: `pr-reviewer reviews pull_request and pull_request_target events and answers issue_comment and pull_request_review_comment; this run is for ${eventName || "no event"}`,
  };
}
