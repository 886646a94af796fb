import { fetchPullRequest } from "../adapters/github/completed-check-run.js";
import { createConversationHost } from "../adapters/github/conversation-host.js";
import type { GitHubClient, PullRequestTarget } from "../adapters/github/github-client.js";
import type { PullRequestJob } from "../adapters/jobs/review-job.js";
import { decideAutomaticReview, needsAuthorRole, type AutomaticReviewPolicy, type PullRequestOrigin } from "../core/eligibility/automatic-reviews.js";
import type { NotAutomaticState, ReviewRequestWay } from "../core/incremental/review-state.js";
import type { Logger } from "../core/ports.js";

/** What the job's event said about the pull request's origin (nothing, for a job queued by an older version). */
interface Snapshot {
  readonly author?: string | undefined;
  readonly fromFork?: boolean | undefined;
}

/** The defaults: every pull request is reviewed, and nothing needs to be known about it. */
function reviewsEveryone(policy: AutomaticReviewPolicy): boolean {
  return policy.forks && policy.min_author_permission === "none";
}

/** Who opened the pull request and from where: from the event, or from GitHub for a job queued without them. */
async function originOf(octokit: GitHubClient, job: PullRequestJob, snapshot: Snapshot): Promise<PullRequestOrigin> {
  if (snapshot.author !== undefined && snapshot.fromFork !== undefined) return { author: snapshot.author, fromFork: snapshot.fromFork };
  const current = await fetchPullRequest(octokit, job.owner, job.repo, job.pullNumber);
  return { author: current.author, fromFork: current.fromFork };
}

/**
 * Whether the repository's `automatic_reviews` keeps this push from being reviewed, and why. Costs no request with
 * the defaults, and at most one (the author's permission) otherwise: a fork the policy refuses, or a branch of the
 * repository itself, needs no lookup (see `needsAuthorRole`).
 */
export async function notReviewedAutomatically(
  octokit: GitHubClient, job: PullRequestJob, snapshot: Snapshot, policy: AutomaticReviewPolicy, target: PullRequestTarget, ask: ReviewRequestWay, log: Logger,
): Promise<NotAutomaticState | undefined> {
  if (reviewsEveryone(policy)) return undefined;
  const origin = await originOf(octokit, job, snapshot);
  const role = needsAuthorRole(policy, origin) ? await createConversationHost(octokit, target, log).repositoryRole(origin.author) : undefined;
  const decision = decideAutomaticReview(policy, origin, role, ask);
  if (decision.review) return undefined;
  log.info(
    { author: origin.author, fromFork: origin.fromFork, role: role ?? null, reason: decision.notAutomatic.reason, policy },
    "pull request not reviewed automatically (automatic_reviews); a maintainer can ask for a review",
  );
  return decision.notAutomatic;
}
