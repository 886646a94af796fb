/**
 * Our check runs carry the pull request's number in `external_id`: GitHub leaves a check run's `pull_requests`
 * empty for fork PRs, and the number is what a re-run, the exactly-once record and orphan clean-up need.
 */
export function externalIdFor(pullNumber: number): string {
  return `pr-${pullNumber}`;
}

export function pullNumberOfExternalId(externalId: string | null | undefined): number | undefined {
  const match = /^pr-(\d+)$/.exec(externalId ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
