import { z } from "zod";
import { DOCS, errorBody } from "../errors.js";
import type { RouteResponse, Router } from "../router.js";
import { nodeId } from "../shapes.js";
import type { PullState, ReviewCommentRecord, Store } from "../store.js";

/**
 * A minimal GitHub GraphQL endpoint: the two operations a review bot uses to tidy up its threads, the
 * `reviewThreads` connection of a pull request and the `resolveReviewThread` mutation, and the `viewer` (who the
 * token is: the Action's only way to learn it with an installation token), with GitHub's answer
 * shapes (errors come with HTTP 200 and a `type`). Operations are recognised by their root field; values come
 * from `variables`, as the app sends them. Anything else answers an error and is recorded as unhandled.
 */
export const UNSUPPORTED_OPERATION = "FAKE_UNSUPPORTED_OPERATION";

const RequestSchema = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).optional() });
const ThreadsVariables = z.object({ owner: z.string(), name: z.string(), number: z.int(), cursor: z.string().nullable().optional() });
const ResolveVariables = z.object({ threadId: z.string() });

export interface ThreadView {
  readonly id: string;
  readonly rootCommentId: number;
  readonly isResolved: boolean;
  readonly comments: readonly ReviewCommentRecord[];
}

/** A pull request's review threads: each top-level review comment with its replies, oldest first. */
export function threadsOf(store: Store, pull: PullState): ThreadView[] {
  const ofPull = store.reviewComments.filter(
    (comment) => comment.owner === pull.repo.owner && comment.repo === pull.repo.name && comment.pull_number === pull.number,
  );
  return ofPull
    .filter((comment) => comment.in_reply_to_id === undefined)
    .map((root) => ({
      id: nodeId("PullRequestReviewThread", root.id),
      rootCommentId: root.id,
      isResolved: store.resolvedThreads.has(root.id),
      comments: [root, ...ofPull.filter((reply) => reply.in_reply_to_id === root.id)],
    }));
}

function graphqlErrors(errors: readonly Record<string, unknown>[], data: unknown = null): RouteResponse {
  return { status: 200, json: { data, errors } };
}

function pageSize(query: string): number {
  const match = /reviewThreads\s*\(\s*first:\s*(\d+)/.exec(query);
  return Math.min(100, Number(match?.[1] ?? 100));
}

function reviewThreads(store: Store, query: string, variables: unknown): RouteResponse {
  const parsed = ThreadsVariables.safeParse(variables ?? {});
  if (!parsed.success) return graphqlErrors([{ message: `Variable problems: ${z.prettifyError(parsed.error)}` }]);
  const { owner, name, number, cursor } = parsed.data;
  const repo = store.repo(owner, name);
  if (repo === undefined) {
    return graphqlErrors([{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${owner}/${name}'.` }], { repository: null });
  }
  const pull = store.pull(owner, name, number);
  if (pull === undefined) {
    return graphqlErrors(
      [{ type: "NOT_FOUND", path: ["repository", "pullRequest"], message: `Could not resolve to a PullRequest with the number of ${number}.` }],
      { repository: { pullRequest: null } },
    );
  }
  const all = threadsOf(store, pull);
  const start = cursor === undefined || cursor === null ? 0 : Number(Buffer.from(cursor, "base64").toString("utf8").replace(/^cursor:/, ""));
  const size = pageSize(query);
  const page = all.slice(start, start + size);
  const end = start + page.length;
  return {
    status: 200,
    json: {
      data: {
        repository: {
          pullRequest: {
            reviewThreads: {
              totalCount: all.length,
              pageInfo: { hasNextPage: end < all.length, endCursor: page.length === 0 ? null : Buffer.from(`cursor:${end}`).toString("base64") },
              nodes: page.map((thread) => ({
                id: thread.id,
                isResolved: thread.isResolved,
                isOutdated: false,
                path: thread.comments[0]?.path ?? "",
                comments: {
                  nodes: thread.comments.slice(0, 1).map((comment) => ({
                    id: comment.node_id,
                    databaseId: comment.id,
                    body: comment.body,
                    author: { login: comment.user.login },
                  })),
                },
              })),
            },
          },
        },
      },
    },
  };
}

function resolveThread(store: Store, variables: unknown): RouteResponse {
  const parsed = ResolveVariables.safeParse(variables ?? {});
  if (!parsed.success) return graphqlErrors([{ message: `Variable problems: ${z.prettifyError(parsed.error)}` }]);
  const { threadId } = parsed.data;
  const thread = [...store.pulls.values()].flatMap((pull) => threadsOf(store, pull)).find((candidate) => candidate.id === threadId);
  if (thread === undefined) {
    return graphqlErrors([{ type: "NOT_FOUND", path: ["resolveReviewThread"], message: `Could not resolve to a node with the global id of '${threadId}'` }], { resolveReviewThread: null });
  }
  if (!store.canResolveThreads) {
    return graphqlErrors([{ type: "FORBIDDEN", path: ["resolveReviewThread"], message: "Resource not accessible by integration" }], { resolveReviewThread: null });
  }
  store.resolvedThreads.add(thread.rootCommentId);
  return { status: 200, json: { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } } };
}

export function registerGraphqlRoutes(router: Router, store: Store): void {
  // GitHub Enterprise serves GraphQL at /api/graphql, beside the REST API's /api/v3.
  router.add("POST", "/api/graphql", "installation-token", (req) => {
    const parsed = RequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) return { status: 400, json: errorBody(400, "Problems parsing JSON", DOCS.graphql) };
    const { query, variables } = parsed.data;
    if (/^\s*mutation\b/.test(query) && /\bresolveReviewThread\s*\(/.test(query)) return resolveThread(store, variables);
    if (/^\s*query\b/.test(query) && /\breviewThreads\s*\(/.test(query)) return reviewThreads(store, query, variables);
    // `viewer` answers for every kind of token: an installation token's is the app's bot user.
    if (/^\s*(query\b[^{]*)?\{\s*viewer\s*\{/.test(query)) {
      const { user } = store.writerOf(req.headers);
      return { status: 200, json: { data: { viewer: { login: user.login, databaseId: user.id } } } };
    }
    return graphqlErrors([{ message: "The fake GitHub does not serve this GraphQL operation", extensions: { code: UNSUPPORTED_OPERATION } }]);
  });
}
