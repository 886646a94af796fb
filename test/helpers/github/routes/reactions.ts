import { z } from "zod";
import { notFound, validationFailed } from "../errors.js";
import { paginate } from "../pagination.js";
import type { RouteRequest, RouteResponse, Router } from "../router.js";
import type { UserJson } from "../shapes.js";
import { nodeId, timestamp } from "../shapes.js";
import { REACTION_CONTENTS, type ReactionContent, type ReactionRecord, type ReactionSubject, type Store } from "../store.js";

const DOCS_REACTIONS = "https://docs.github.com/rest/reactions/reactions";
const CreateSchema = z.object({ content: z.string() });

export interface ReactionRollup {
  readonly url: string;
  readonly total_count: number;
  readonly "+1": number;
  readonly "-1": number;
  readonly laugh: number;
  readonly confused: number;
  readonly heart: number;
  readonly hooray: number;
  readonly eyes: number;
  readonly rocket: number;
}

function isContent(value: string): value is ReactionContent {
  return (REACTION_CONTENTS as readonly string[]).includes(value);
}

/** The `reactions` summary GitHub puts on every comment it returns. */
export function reactionRollup(store: Store, subject: ReactionSubject, commentId: number, commentUrl: string): ReactionRollup {
  const of = store.reactions.filter((r) => r.subject === subject && r.commentId === commentId);
  const count = (content: ReactionContent) => of.filter((r) => r.content === content).length;
  return {
    url: `${commentUrl}/reactions`,
    total_count: of.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    confused: count("confused"),
    heart: count("heart"),
    hooray: count("hooray"),
    eyes: count("eyes"),
    rocket: count("rocket"),
  };
}

function reactionJson(record: ReactionRecord) {
  return { id: record.id, node_id: record.node_id, user: record.user, content: record.content, created_at: record.created_at };
}

/** A reaction by `user`; the same person's same reaction again is the one they already have, as on GitHub. */
export function addReaction(store: Store, subject: ReactionSubject, commentId: number, user: UserJson, content: ReactionContent): { record: ReactionRecord; created: boolean } {
  const existing = store.reactions.find((r) => r.subject === subject && r.commentId === commentId && r.user.id === user.id && r.content === content);
  if (existing !== undefined) return { record: existing, created: false };
  const id = store.nextId();
  const record: ReactionRecord = { id, node_id: nodeId("Reaction", id), subject, commentId, user, content, created_at: timestamp() };
  store.reactions.push(record);
  return { record, created: true };
}

function commentExists(store: Store, subject: ReactionSubject, req: RouteRequest): boolean {
  const owner = req.param("owner");
  const repo = req.param("repo");
  const id = req.intParam("comment_id");
  const repository = store.repo(owner, repo);
  if (repository === undefined) return false;
  const comments = subject === "issue-comment" ? store.issueComments : store.reviewComments;
  return comments.some((c) => c.id === id && c.owner === repository.owner && c.repo === repository.name);
}

/**
 * Reactions on conversation comments (`/issues/comments/{id}/reactions`) and on review comments
 * (`/pulls/comments/{id}/reactions`): two endpoints, as on GitHub, each with create (201 new, 200 when the
 * person already reacted so), list (optionally by `content`) and delete. The app's requests react as its bot.
 */
export function registerReactionRoutes(router: Router, store: Store): void {
  const routes: ReadonlyArray<[ReactionSubject, string]> = [
    ["issue-comment", "/repos/:owner/:repo/issues/comments/:comment_id(\\d+)/reactions"],
    ["review-comment", "/repos/:owner/:repo/pulls/comments/:comment_id(\\d+)/reactions"],
  ];
  for (const [subject, path] of routes) {
    router.add("POST", path, "installation-token", (req): RouteResponse => {
      if (!commentExists(store, subject, req)) return notFound(DOCS_REACTIONS);
      const parsed = CreateSchema.safeParse(req.body ?? {});
      const content = parsed.success ? parsed.data.content : "";
      if (!isContent(content)) return validationFailed([{ resource: "Reaction", code: "invalid", field: "content" }], DOCS_REACTIONS);
      const { record, created } = addReaction(store, subject, req.intParam("comment_id"), store.writerOf(req.headers).user, content);
      return { status: created ? 201 : 200, json: reactionJson(record) };
    });
    router.add("GET", path, "installation-token", (req): RouteResponse => {
      if (!commentExists(store, subject, req)) return notFound(DOCS_REACTIONS);
      const content = req.query.get("content");
      const all = store.reactions.filter((r) => r.subject === subject && r.commentId === req.intParam("comment_id") && (content === null || r.content === content));
      const page = paginate(req, all.map(reactionJson), store.urls.api, req.path);
      return { status: 200, json: page.items, headers: page.headers };
    });
    router.add("DELETE", `${path}/:reaction_id(\\d+)`, "installation-token", (req): RouteResponse => {
      const found = store.reactions.find((r) => r.subject === subject && r.commentId === req.intParam("comment_id") && r.id === req.intParam("reaction_id"));
      if (found === undefined) return notFound(DOCS_REACTIONS);
      store.reactions.splice(store.reactions.indexOf(found), 1);
      return { status: 204 };
    });
  }
}
