import type { Octokit } from "@octokit/rest";

/**
 * The GitHub client a review needs: REST methods under `rest`, pagination, GraphQL and request hooks. Probot's
 * installation Octokit (the App) and `@octokit/rest`'s (the Action, the CLI) both have this shape, so the same
 * adapters serve every way the review is run.
 */
export type GitHubClient = Pick<Octokit, "rest" | "paginate" | "graphql" | "request" | "hook" | "log">;

export interface PullRequestTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly checkRunName: string;
  /** This GitHub App's id: a comment another app wrote is never taken for ours. */
  readonly appId?: number;
}
