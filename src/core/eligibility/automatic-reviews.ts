import { meetsPermission, permissionAtMost, type MinPermission, type RepositoryRole } from "../conversation/access.js";
import type { NotAutomaticState, ReviewRequestWay } from "../incremental/review-state.js";

/** `automatic_reviews` of the repository config. */
export interface AutomaticReviewPolicy {
  readonly forks: boolean;
  readonly min_author_permission: MinPermission;
}

/** Where a pull request comes from, as its webhook or `GET /pulls/{n}` describes it. */
export interface PullRequestOrigin {
  /** The login of the person (or app) who opened it. */
  readonly author: string;
  /** Its head branch lives in another repository than its base, or in one that was deleted. */
  readonly fromFork: boolean;
}

interface BranchRepository {
  readonly repo: { readonly id: number } | null | undefined;
}

/**
 * From a webhook's or `GET /pulls/{n}`'s `head` and `base`: a fork's pull request has its head in another
 * repository (compared by id, which a rename does not change), or in none when the fork was deleted.
 */
export function isFromFork(head: BranchRepository, base: BranchRepository): boolean {
  return head.repo === null || head.repo === undefined || head.repo.id !== base.repo?.id;
}

export type AutomaticReviewDecision = { readonly review: true } | { readonly review: false; readonly notAutomatic: NotAutomaticState };

/**
 * Whether the author's role must be looked up (one request) before deciding. Not for `none`, not for a fork the
 * policy refuses anyway, and not for a pull request from a branch of the repository itself when the policy asks
 * for no more than `write`: only someone with write access can push that branch, which is what GitHub's own
 * Actions trust when they give such a pull request the repository's secrets. That also spares the lookup for
 * apps' pull requests (Dependabot, Renovate), which the collaborator API does not know.
 */
export function needsAuthorRole(policy: AutomaticReviewPolicy, origin: PullRequestOrigin): boolean {
  if (policy.min_author_permission === "none") return false;
  if (origin.fromFork) return policy.forks;
  return !permissionAtMost(policy.min_author_permission, "write");
}

/**
 * Whether a push (opened, reopened, ready for review, synchronize) is reviewed automatically. `role` is the
 * author's role when `needsAuthorRole` asked for it, undefined when it did not or the lookup failed (a failed
 * lookup counts as too little permission). `/review` and re-runs are asked for by someone and do not come here.
 */
export function decideAutomaticReview(
  policy: AutomaticReviewPolicy, origin: PullRequestOrigin, role: RepositoryRole | undefined, ask: ReviewRequestWay,
): AutomaticReviewDecision {
  if (origin.fromFork && !policy.forks) return { review: false, notAutomatic: { reason: "fork", ask } };
  if (!needsAuthorRole(policy, origin) || meetsPermission(role, policy.min_author_permission)) return { review: true };
  return { review: false, notAutomatic: { reason: "author-permission", author: origin.author, required: policy.min_author_permission, ask } };
}
