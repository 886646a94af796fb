import { z } from "zod";
import { resolveAnchor, type Anchor } from "../anchors.js";
import { DOCS, MESSAGES, characterCount, errorBody, invalidRequest, notFound, toSentence, unprocessable } from "../errors.js";
import { paginate } from "../pagination.js";
import type { RouteRequest, RouteResponse, Router } from "../router.js";
import type { ReviewCommentJson, ReviewJson, UserJson } from "../shapes.js";
import { nodeId, timestamp } from "../shapes.js";
import type { PullState, ReviewCommentRecord, ReviewRecord, Store } from "../store.js";
import { repoPath } from "../views.js";
import { reactionRollup } from "./reactions.js";

const MAX_BODY = 65_536;
const SideSchema = z.enum(["LEFT", "RIGHT"]);

const DraftCommentSchema = z.object({
  path: z.string(),
  body: z.string(),
  line: z.int().optional(),
  side: SideSchema.optional(),
  start_line: z.int().optional(),
  start_side: SideSchema.optional(),
  position: z.int().optional(),
});

const CreateReviewSchema = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
  comments: z.array(DraftCommentSchema).optional(),
});

const CreateCommentSchema = z.object({
  body: z.string(),
  commit_id: z.string().optional(),
  path: z.string().optional(),
  line: z.int().optional(),
  side: SideSchema.optional(),
  start_line: z.int().optional(),
  start_side: SideSchema.optional(),
  position: z.int().optional(),
  subject_type: z.enum(["line", "file"]).optional(),
  in_reply_to: z.int().optional(),
});

const STATE_OF_EVENT = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const;

export function registerReviewRoutes(router: Router, store: Store): void {
  router.add("POST", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/reviews", "installation-token", (req) => {
    const pull = findPull(store, req);
    return pull === undefined ? notFound(DOCS.reviews) : createReview(store, pull, req.body, store.writerOf(req.headers).user);
  });

  router.add("GET", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/reviews", "installation-token", (req) => {
    const pull = findPull(store, req);
    if (pull === undefined) return notFound();
    const reviews = reviewsOf(store, pull).map(reviewJson);
    const page = paginate(req, reviews, store.urls.api, `/repositories/${pull.repo.id}/pulls/${pull.number}/reviews`);
    return { status: 200, json: page.items, headers: page.headers };
  });

  router.add("GET", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/comments", "installation-token", (req) => {
    const pull = findPull(store, req);
    if (pull === undefined) return notFound();
    // Comments of a pending review stay invisible until it is submitted.
    const visible = new Set(reviewsOf(store, pull).filter((review) => review.state !== "PENDING").map((review) => review.id));
    const comments = store.reviewComments
      .filter((comment) => isOfPull(comment, pull) && visible.has(comment.pull_request_review_id))
      .map((comment) => ({ ...reviewCommentJson(comment), reactions: reactionRollup(store, "review-comment", comment.id, comment.url) }));
    const page = paginate(req, comments, store.urls.api, `/repositories/${pull.repo.id}/pulls/${pull.number}/comments`);
    return { status: 200, json: page.items, headers: page.headers };
  });

  // The repository's review comments on every pull request, oldest first unless `direction=desc`.
  router.add("GET", "/repos/:owner/:repo/pulls/comments", "installation-token", (req) => {
    const repo = store.repo(req.param("owner"), req.param("repo"));
    if (repo === undefined) return notFound();
    const visible = new Set(store.reviews.filter((review) => review.state !== "PENDING").map((review) => review.id));
    const all = store.reviewComments
      .filter((comment) => comment.owner === repo.owner && comment.repo === repo.name && visible.has(comment.pull_request_review_id))
      .sort((a, b) => a.id - b.id);
    if (req.query.get("direction") === "desc") all.reverse();
    const json = all.map((comment) => ({ ...reviewCommentJson(comment), reactions: reactionRollup(store, "review-comment", comment.id, comment.url) }));
    const page = paginate(req, json, store.urls.api, `/repositories/${repo.id}/pulls/comments`);
    return { status: 200, json: page.items, headers: page.headers };
  });

  router.add("POST", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/comments", "installation-token", (req) => {
    const pull = findPull(store, req);
    return pull === undefined ? notFound(DOCS.reviewComments) : createSingleComment(store, pull, req.body, store.writerOf(req.headers).user);
  });

  // A reply joins the thread of a top-level comment; GitHub does not thread replies under replies.
  router.add("POST", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/comments/:comment_id(\\d+)/replies", "installation-token", (req) => {
    const pull = findPull(store, req);
    if (pull === undefined) return notFound(DOCS.replies);
    const parsed = ReplySchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalidRequest(parsed.error, DOCS.replies);
    const parent = store.reviewComments.find((comment) => comment.id === req.intParam("comment_id") && isOfPull(comment, pull));
    if (parent === undefined) return notFound(DOCS.replies);
    if (parent.in_reply_to_id !== undefined) return unprocessable([MESSAGES.replyToReply], DOCS.replies);
    if (parsed.data.body.trim() === "") return unprocessable([MESSAGES.bodyBlank], DOCS.replies);
    if (characterCount(parsed.data.body) > MAX_BODY) return unprocessable([MESSAGES.bodyTooLong(MAX_BODY)], DOCS.replies);
    const { user } = store.writerOf(req.headers);
    const review = addReview(store, pull, { body: "", state: "COMMENTED", commitId: parent.commit_id, user });
    const comment = addComment(store, pull, review, { body: parsed.data.body, commitId: parent.commit_id, anchor: undefined, replyTo: parent, user });
    return { status: 201, json: reviewCommentJson(comment) };
  });
}

const ReplySchema = z.object({ body: z.string() });

function createReview(store: Store, pull: PullState, rawBody: unknown, user: UserJson): RouteResponse {
  const parsed = CreateReviewSchema.safeParse(rawBody ?? {});
  if (!parsed.success) return invalidRequest(parsed.error, DOCS.reviews);
  const input = parsed.data;

  const commitId = input.commit_id ?? pull.headSha;
  if (!pull.heads.includes(commitId)) return unprocessable([MESSAGES.unknownCommit(commitId)], DOCS.reviews);
  const body = input.body ?? "";
  if (input.event === "REQUEST_CHANGES" && body.trim() === "") return unprocessable([MESSAGES.requestChangesNeedsBody], DOCS.reviews);
  if (input.event === "COMMENT" && body.trim() === "") return unprocessable([MESSAGES.bodyBlank], DOCS.reviews);
  if (characterCount(body) > MAX_BODY) return unprocessable([MESSAGES.bodyTooLong(MAX_BODY)], DOCS.reviews);
  if (input.event === undefined && reviewsOf(store, pull).some((review) => review.state === "PENDING")) {
    return unprocessable([MESSAGES.onePendingReview], DOCS.reviews);
  }

  // All or nothing: every comment is placed before anything is stored.
  const files = store.filesAt(pull, commitId);
  const anchored: { body: string; anchor: Anchor }[] = [];
  for (const comment of input.comments ?? []) {
    if (comment.body.trim() === "") return unprocessable([MESSAGES.bodyBlank], DOCS.reviews);
    if (characterCount(comment.body) > MAX_BODY) return unprocessable([MESSAGES.bodyTooLong(MAX_BODY)], DOCS.reviews);
    const result = resolveAnchor(files, comment);
    if (!result.ok) return unprocessable([toSentence(result.errors)], DOCS.reviews);
    anchored.push({ body: comment.body, anchor: result.anchor });
  }

  const state = input.event === undefined ? "PENDING" : STATE_OF_EVENT[input.event];
  const review = addReview(store, pull, { body, state, commitId, user });
  for (const { body: commentBody, anchor } of anchored) addComment(store, pull, review, { body: commentBody, commitId, anchor, user });
  return { status: 200, json: reviewJson(review) };
}

function createSingleComment(store: Store, pull: PullState, rawBody: unknown, user: UserJson): RouteResponse {
  const parsed = CreateCommentSchema.safeParse(rawBody ?? {});
  if (!parsed.success) return invalidRequest(parsed.error, DOCS.reviewComments);
  const input = parsed.data;
  if (input.body.trim() === "") return unprocessable([MESSAGES.bodyBlank], DOCS.reviewComments);
  if (characterCount(input.body) > MAX_BODY) return unprocessable([MESSAGES.bodyTooLong(MAX_BODY)], DOCS.reviewComments);

  if (input.in_reply_to !== undefined) {
    const parent = store.reviewComments.find((comment) => comment.id === input.in_reply_to && isOfPull(comment, pull));
    if (parent === undefined) return notFound(DOCS.reviewComments);
    const review = addReview(store, pull, { body: "", state: "COMMENTED", commitId: parent.commit_id, user });
    const comment = addComment(store, pull, review, { body: input.body, commitId: parent.commit_id, anchor: undefined, replyTo: parent, user });
    return { status: 201, json: reviewCommentJson(comment) };
  }

  if (input.commit_id === undefined) return missingField("commit_id");
  if (input.path === undefined) return missingField("path");
  if (!pull.heads.includes(input.commit_id)) return unprocessable([MESSAGES.unknownCommit(input.commit_id)], DOCS.reviewComments);
  const result = resolveAnchor(store.filesAt(pull, input.commit_id), { ...input, path: input.path });
  if (!result.ok) return unprocessable([toSentence(result.errors)], DOCS.reviewComments);
  // A lone review comment is wrapped in a review of its own, as on GitHub.
  const review = addReview(store, pull, { body: "", state: "COMMENTED", commitId: input.commit_id, user });
  const comment = addComment(store, pull, review, { body: input.body, commitId: input.commit_id, anchor: result.anchor, user });
  return { status: 201, json: reviewCommentJson(comment) };
}

export interface PersonReviewComment {
  readonly body: string;
  /** A reply in the thread of this comment; otherwise a new thread on `path`/`line`. */
  readonly inReplyTo?: number;
  readonly path?: string;
  readonly line?: number;
  readonly side?: "LEFT" | "RIGHT";
  /** Default: the PR's head. */
  readonly commitId?: string;
}

/**
 * A review comment a person wrote in the web UI (a one-comment review of their own), anchored and threaded by
 * GitHub's rules; a test asking for an anchor GitHub would refuse gets an exception, not a comment.
 */
export function addPersonReviewComment(store: Store, pull: PullState, user: UserJson, input: PersonReviewComment): ReviewCommentRecord {
  if (input.inReplyTo !== undefined) {
    const parent = store.reviewComments.find((comment) => comment.id === input.inReplyTo && isOfPull(comment, pull));
    if (parent === undefined) throw new Error(`no review comment ${input.inReplyTo} on ${pull.repo.owner}/${pull.repo.name}#${pull.number}`);
    if (parent.in_reply_to_id !== undefined) throw new Error(MESSAGES.replyToReply);
    const review = addReview(store, pull, { body: "", state: "COMMENTED", commitId: parent.commit_id, user });
    return addComment(store, pull, review, { body: input.body, commitId: parent.commit_id, anchor: undefined, replyTo: parent, user });
  }
  const commitId = input.commitId ?? pull.headSha;
  if (input.path === undefined) throw new Error("a new review thread needs a path");
  const result = resolveAnchor(store.filesAt(pull, commitId), { path: input.path, ...(input.line === undefined ? {} : { line: input.line }), side: input.side ?? "RIGHT" });
  if (!result.ok) throw new Error(toSentence(result.errors));
  const review = addReview(store, pull, { body: "", state: "COMMENTED", commitId, user });
  return addComment(store, pull, review, { body: input.body, commitId, anchor: result.anchor, user });
}

function missingField(name: string): RouteResponse {
  return { status: 422, json: errorBody(422, `Invalid request.\n\n"${name}" wasn't supplied.`, DOCS.reviewComments) };
}

function addReview(store: Store, pull: PullState, fields: { body: string; state: string; commitId: string; user?: UserJson }): ReviewRecord {
  const id = store.nextId();
  const pullUrl = `${store.urls.api}${repoPath(pull.repo)}/pulls/${pull.number}`;
  const htmlUrl = `${store.urls.html}/${pull.repo.owner}/${pull.repo.name}/pull/${pull.number}#pullrequestreview-${id}`;
  const review: ReviewRecord = {
    id,
    node_id: nodeId("PullRequestReview", id),
    user: fields.user ?? store.botUser,
    body: fields.body,
    state: fields.state,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    _links: { html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    ...(fields.state === "PENDING" ? {} : { submitted_at: timestamp() }),
    commit_id: fields.commitId,
    author_association: "NONE",
    owner: pull.repo.owner,
    repo: pull.repo.name,
    pull_number: pull.number,
    comments: [],
  };
  store.reviews.push(review);
  return review;
}

interface CommentFields {
  readonly body: string;
  readonly commitId: string;
  readonly anchor: Anchor | undefined;
  readonly replyTo?: ReviewCommentRecord;
  /** The author; the bot unless given. */
  readonly user?: UserJson;
}

function addComment(store: Store, pull: PullState, review: ReviewRecord, fields: CommentFields): ReviewCommentRecord {
  const id = store.nextId();
  const now = timestamp();
  const url = `${store.urls.api}${repoPath(pull.repo)}/pulls/comments/${id}`;
  const pullUrl = `${store.urls.api}${repoPath(pull.repo)}/pulls/${pull.number}`;
  const htmlUrl = `${store.urls.html}/${pull.repo.owner}/${pull.repo.name}/pull/${pull.number}#discussion_r${id}`;
  const comment: ReviewCommentRecord = {
    url,
    id,
    node_id: nodeId("PullRequestReviewComment", id),
    pull_request_review_id: review.id,
    user: fields.user ?? store.botUser,
    body: fields.body,
    commit_id: fields.commitId,
    original_commit_id: fields.commitId,
    created_at: now,
    updated_at: now,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    author_association: fields.user === undefined || fields.user.type === "Bot" ? "NONE" : "CONTRIBUTOR",
    _links: { self: { href: url }, html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    ...placement(fields),
    owner: pull.repo.owner,
    repo: pull.repo.name,
    pull_number: pull.number,
  };
  store.reviewComments.push(comment);
  review.comments.push(reviewCommentJson(comment));
  return comment;
}

type Placement = Pick<
  ReviewCommentJson,
  "path" | "diff_hunk" | "position" | "original_position" | "line" | "original_line" | "side" | "start_line" | "original_start_line" | "start_side" | "subject_type" | "in_reply_to_id"
>;

function placement(fields: CommentFields): Placement {
  const parent = fields.replyTo;
  if (parent !== undefined) {
    const { path, diff_hunk, position, original_position, line, original_line, side, start_line, original_start_line, start_side, subject_type } = parent;
    return {
      path, diff_hunk, in_reply_to_id: parent.id,
      ...(start_line === undefined ? {} : { start_line }),
      ...(original_start_line === undefined ? {} : { original_start_line }),
      ...(start_side === undefined ? {} : { start_side }),
      ...(position === undefined ? {} : { position }),
      ...(original_position === undefined ? {} : { original_position }),
      ...(line === undefined ? {} : { line }),
      ...(original_line === undefined ? {} : { original_line }),
      ...(side === undefined ? {} : { side }),
      ...(subject_type === undefined ? {} : { subject_type }),
    };
  }
  const anchor = fields.anchor;
  if (anchor === undefined) throw new Error("a review comment needs an anchor or a parent");
  if (anchor.kind === "file") {
    return { path: anchor.file.json.filename, diff_hunk: "", start_line: null, original_start_line: null, start_side: null, subject_type: "file" };
  }
  return {
    path: anchor.file.json.filename,
    diff_hunk: anchor.diffHunk,
    position: anchor.position,
    original_position: anchor.position,
    line: anchor.line,
    original_line: anchor.line,
    side: anchor.side,
    start_line: anchor.start?.line ?? null,
    original_start_line: anchor.start?.line ?? null,
    start_side: anchor.start?.side ?? null,
    subject_type: "line",
  };
}

function findPull(store: Store, req: RouteRequest): PullState | undefined {
  return store.pull(req.param("owner"), req.param("repo"), req.intParam("pull_number"));
}

function reviewsOf(store: Store, pull: PullState): ReviewRecord[] {
  return store.reviews.filter((review) => isOfPull(review, pull));
}

function isOfPull(record: { owner: string; repo: string; pull_number: number }, pull: PullState): boolean {
  return record.owner === pull.repo.owner && record.repo === pull.repo.name && record.pull_number === pull.number;
}

export function reviewJson(record: ReviewRecord): ReviewJson {
  const { owner: _owner, repo: _repo, pull_number: _pull, comments: _comments, ...json } = record;
  return json;
}

export function reviewCommentJson(record: ReviewCommentRecord): ReviewCommentJson {
  const { owner: _owner, repo: _repo, pull_number: _pull, ...json } = record;
  return json;
}
