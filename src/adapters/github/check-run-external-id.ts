/**
 * Our check runs carry the pull request's number in `external_id`: GitHub leaves a check run's `pull_requests`
 * empty for fork PRs, and the number is what a re-run, the exactly-once record and orphan clean-up need.
 */
export function externalIdFor(pullNumber: number): string {
  return `pr-${pullNumber}`;
}

/**
 * A check run that records no review of the commit (its token budget was spent): the exactly-once record looks
 * for `externalIdFor` alone, so a later event for the same commit still reviews it, while a Re-run of this
 * check run still finds its pull request.
 */
export function notReviewedExternalIdFor(pullNumber: number): string {
  return `${externalIdFor(pullNumber)}:not-reviewed`;
}

export function pullNumberOfExternalId(externalId: string | null | undefined): number | undefined {
  const match = /^pr-(\d+)(?::not-reviewed)?$/.exec(externalId ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
