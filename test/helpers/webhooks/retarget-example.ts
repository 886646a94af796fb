/** A pull request as a check run or check suite payload links it (GitHub's minimal shape). */
export interface LinkedPullRequest {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly headRef?: string;
  readonly baseRef?: string;
}

interface RepositoryFields {
  name: string;
  full_name: string;
  owner: { login: string };
}

/** Gives an example payload's repository object the test's owner and name. */
export function renameRepository(repository: RepositoryFields, owner: string, name: string): void {
  repository.name = name;
  repository.full_name = `${owner}/${name}`;
  repository.owner.login = owner;
}

/** The `pull_requests` array of a check run or suite: PRs of the same repository, in GitHub's minimal form. */
export function linkedPullRequests(repository: { readonly id: number }, owner: string, repo: string, pullRequests: readonly LinkedPullRequest[]) {
  const fullName = `${owner}/${repo}`;
  const repoMinimal = { id: repository.id, url: `https://api.github.com/repos/${fullName}`, name: repo };
  return pullRequests.map((pr) => ({
    url: `https://api.github.com/repos/${fullName}/pulls/${pr.number}`,
    id: pr.number,
    number: pr.number,
    head: { ref: pr.headRef ?? `feature-${pr.number}`, sha: pr.headSha, repo: repoMinimal },
    base: { ref: pr.baseRef ?? "main", sha: pr.baseSha, repo: repoMinimal },
  }));
}

/** Points an example payload's repository and installation at the test's. */
export function retarget(payload: { repository: RepositoryFields; installation?: { id: number } | undefined }, owner: string, repo: string, installationId: number): void {
  renameRepository(payload.repository, owner, repo);
  payload.installation = { ...payload.installation, id: installationId };
}
