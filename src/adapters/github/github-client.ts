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
  /**
   * The login our comments carry when it is a person's rather than an app's bot (the Action with a personal
   * token). Without it, a comment of ours is a bot's (and, with `appId`, that app's).
   */
  readonly author?: string;
}

/** Whether GitHub's author of a comment or review is us, as far as `target` tells who we are (the marker is the caller's). */
export function isOurAuthor(user: { readonly login: string; readonly type?: string | undefined } | null | undefined, target: Pick<PullRequestTarget, "author">): boolean {
  if (user === null || user === undefined) return false;
  if (target.author === undefined) return user.type === "Bot";
  return user.type !== "Bot" && user.login.toLowerCase() === target.author.toLowerCase();
}
