import { z } from "zod";
import type { ThreadResolution } from "../../core/ports.js";
import { graphqlErrorTypes, httpStatusOf } from "./github-errors.js";
import type { GitHubClient } from "./github-client.js";

const THREADS_QUERY = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

const ThreadsPageSchema = z.object({
  repository: z
    .object({
      pullRequest: z
        .object({
          reviewThreads: z.object({
            pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
            nodes: z.array(
              z.object({
                id: z.string(),
                isResolved: z.boolean(),
                comments: z.object({ nodes: z.array(z.object({ databaseId: z.number().nullable() })) }),
              }),
            ),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

interface Thread {
  readonly id: string;
  readonly isResolved: boolean;
}

export interface ThreadTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
}

/**
 * Resolving a review thread exists only in GraphQL, and a thread is known there by its node id, not by the
 * REST id of its first comment: the threads are listed once (100 a page) and looked up by that comment.
 */
export function createThreadResolver(octokit: GitHubClient, target: ThreadTarget): (commentId: number) => Promise<ThreadResolution> {
  let threads: Promise<Map<number, Thread>> | undefined;
  const load = async (): Promise<Map<number, Thread>> => {
    const byFirstComment = new Map<number, Thread>();
    let cursor: string | null = null;
    for (;;) {
      const raw: unknown = await octokit.graphql(THREADS_QUERY, { owner: target.owner, name: target.repo, number: target.pullNumber, cursor });
      const page = ThreadsPageSchema.parse(raw).repository?.pullRequest?.reviewThreads;
      if (page === undefined) break;
      for (const node of page.nodes) {
        const first = node.comments.nodes[0]?.databaseId;
        if (first !== undefined && first !== null) byFirstComment.set(first, { id: node.id, isResolved: node.isResolved });
      }
      if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) break;
      cursor = page.pageInfo.endCursor;
    }
    return byFirstComment;
  };

  return async (commentId) => {
    try {
      threads ??= load();
      const thread = (await threads).get(commentId);
      if (thread === undefined) return "not-found";
      if (thread.isResolved) return "already-resolved";
      await octokit.graphql(RESOLVE_MUTATION, { threadId: thread.id });
      return "resolved";
    } catch (error) {
      // An installation without the permission gets FORBIDDEN ("Resource not accessible by integration").
      if (graphqlErrorTypes(error).includes("FORBIDDEN") || httpStatusOf(error) === 403) return "not-permitted";
      throw error;
    }
  };
}
