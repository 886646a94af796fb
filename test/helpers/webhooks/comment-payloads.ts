import { z } from "zod";
import type { IssueCommentRecord, ReviewCommentRecord } from "../github/store.js";
import { examplePayload, withRepositoryUrls } from "./examples.js";
import { retarget } from "./retarget-example.js";

const UserSchema = z.looseObject({ login: z.string(), id: z.number(), type: z.string() });
const RepositorySchema = z.looseObject({ id: z.number(), name: z.string(), full_name: z.string(), owner: z.looseObject({ login: z.string() }) });

/** Who a payload says a comment's author is: a person, another app's bot, or this app's bot. */
export interface PayloadUser {
  readonly login: string;
  readonly id: number;
  readonly type: string;
}

const IssueCommentEventSchema = z.looseObject({
  action: z.string(),
  issue: z.looseObject({ number: z.number(), user: UserSchema, pull_request: z.unknown().optional(), state: z.string() }),
  comment: z.looseObject({ id: z.number(), body: z.string(), user: UserSchema, performed_via_github_app: z.unknown().nullable() }),
  repository: RepositorySchema,
  installation: z.looseObject({ id: z.number() }).optional(),
  sender: UserSchema,
});
export type IssueCommentEventPayload = z.infer<typeof IssueCommentEventSchema>;

export interface IssueCommentPayloadOptions {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly pullNumber: number;
  /** The pull request's author. */
  readonly pullRequestAuthor?: string;
  /** The comment as the fake stores it (its id, body and author go into the payload). */
  readonly comment: Pick<IssueCommentRecord, "id" | "body" | "user" | "performed_via_github_app">;
  /** An issue that is no pull request (default false). */
  readonly onIssue?: boolean;
}

/**
 * A real `issue_comment.<action>` payload from @octokit/webhooks-examples, on a pull request (GitHub sends PR
 * conversation comments as issue comments whose issue carries `pull_request`), naming the given comment.
 */
export function issueCommentPayload(action: "created" | "edited", options: IssueCommentPayloadOptions): IssueCommentEventPayload {
  const example = IssueCommentEventSchema.parse(examplePayload("issue_comment", action));
  const fullName = `${options.owner}/${options.repo}`;
  const payload = IssueCommentEventSchema.parse(withRepositoryUrls(example, fullName));
  const htmlPull = `https://github.com/${fullName}/pull/${options.pullNumber}`;
  payload.issue.number = options.pullNumber;
  payload.issue.state = "open";
  payload.issue.user.login = options.pullRequestAuthor ?? "octocat";
  if (options.onIssue === true) delete payload.issue.pull_request;
  else {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${fullName}/pulls/${options.pullNumber}`,
      html_url: htmlPull,
      diff_url: `${htmlPull}.diff`,
      patch_url: `${htmlPull}.patch`,
      merged_at: null,
    };
  }
  const user = { ...payload.comment.user, login: options.comment.user.login, id: options.comment.user.id, type: options.comment.user.type };
  payload.comment.id = options.comment.id;
  payload.comment.body = options.comment.body ?? "";
  payload.comment.user = user;
  payload.comment.performed_via_github_app = options.comment.performed_via_github_app;
  payload.sender = { ...payload.sender, login: user.login, id: user.id, type: user.type };
  retarget(payload, options.owner, options.repo, options.installationId);
  return payload;
}

const ReviewCommentEventSchema = z.looseObject({
  action: z.string(),
  comment: z.looseObject({ id: z.number(), body: z.string(), user: UserSchema, path: z.string() }),
  pull_request: z.looseObject({ number: z.number(), user: UserSchema, head: z.looseObject({ sha: z.string() }), base: z.looseObject({ sha: z.string() }) }),
  repository: RepositorySchema,
  installation: z.looseObject({ id: z.number() }).optional(),
  sender: UserSchema,
});
export type ReviewCommentEventPayload = z.infer<typeof ReviewCommentEventSchema>;

export interface ReviewCommentPayloadOptions {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly pullRequestAuthor?: string;
  /** The review comment as the fake stores it: the payload carries it whole, as GitHub's does. */
  readonly comment: ReviewCommentRecord;
}

/** A real `pull_request_review_comment.<action>` payload from @octokit/webhooks-examples, carrying the given comment. */
export function reviewCommentPayload(action: "created" | "edited", options: ReviewCommentPayloadOptions): ReviewCommentEventPayload {
  const example = ReviewCommentEventSchema.parse(examplePayload("pull_request_review_comment", action));
  const fullName = `${options.owner}/${options.repo}`;
  const payload = ReviewCommentEventSchema.parse(withRepositoryUrls(example, fullName));
  const { owner: _owner, repo: _repo, pull_number: _pull, ...comment } = options.comment;
  payload.comment = { ...payload.comment, ...comment, user: { ...payload.comment.user, ...comment.user } };
  if (comment.in_reply_to_id === undefined) delete payload.comment["in_reply_to_id"];
  payload.pull_request.number = options.pullNumber;
  payload.pull_request.user.login = options.pullRequestAuthor ?? "octocat";
  payload.pull_request.head.sha = options.headSha;
  payload.pull_request.base.sha = options.baseSha;
  payload.sender = { ...payload.sender, login: comment.user.login, id: comment.user.id, type: comment.user.type };
  retarget(payload, options.owner, options.repo, options.installationId);
  return payload;
}

const ThreadEventSchema = z.looseObject({
  action: z.string(),
  thread: z.looseObject({ node_id: z.string(), comments: z.array(z.unknown()) }),
  pull_request: z.looseObject({ number: z.number() }),
  repository: RepositorySchema,
  installation: z.looseObject({ id: z.number() }).optional(),
  sender: UserSchema,
});
export type ReviewThreadEventPayload = z.infer<typeof ThreadEventSchema>;

/** A real `pull_request_review_thread.resolved` payload: the thread's comments and who resolved it. */
export function reviewThreadPayload(options: {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly pullNumber: number;
  readonly comments: readonly ReviewCommentRecord[];
  readonly resolvedBy: PayloadUser;
}): ReviewThreadEventPayload {
  const example = ThreadEventSchema.parse(examplePayload("pull_request_review_thread", "resolved"));
  const payload = ThreadEventSchema.parse(withRepositoryUrls(example, `${options.owner}/${options.repo}`));
  payload.thread.comments = options.comments.map(({ owner: _o, repo: _r, pull_number: _p, ...comment }) => comment);
  payload.pull_request.number = options.pullNumber;
  payload.sender = { ...payload.sender, ...options.resolvedBy };
  retarget(payload, options.owner, options.repo, options.installationId);
  return payload;
}
