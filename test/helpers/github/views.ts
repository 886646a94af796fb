import type { PullRequestJson, RepositoryJson } from "./shapes.js";
import { nodeId, userJson } from "./shapes.js";
import type { PullState, RepoState, Store } from "./store.js";

export function repoPath(repo: RepoState): string {
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

export function repositoryJson(store: Store, repo: RepoState): RepositoryJson {
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: false,
    visibility: "public",
    owner: userJson(store.urls, repo.owner, 1_000_000 + repo.id, "Organization"),
    html_url: `${store.urls.html}/${repo.owner}/${repo.name}`,
    url: `${store.urls.api}${repoPath(repo)}`,
    fork: false,
    default_branch: repo.defaultBranch,
  };
}

export function pullRequestJson(store: Store, pull: PullState): PullRequestJson {
  const files = store.filesAt(pull, pull.headSha);
  const base = repositoryJson(store, pull.repo);
  const head = pull.headRepo === null ? null : { ...repositoryJson(store, pull.headRepo), fork: pull.headRepo !== pull.repo };
  const htmlUrl = `${base.html_url}/pull/${pull.number}`;
  return {
    url: `${base.url}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: pull.author,
    body: pull.body,
    labels: [],
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    draft: pull.draft,
    head: {
      label: `${pull.headRepo?.owner ?? "unknown"}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      user: head?.owner ?? pull.author,
      repo: head,
    },
    base: { label: `${pull.repo.owner}:${pull.baseRef}`, ref: pull.baseRef, sha: pull.baseSha, user: base.owner, repo: base },
    author_association: "CONTRIBUTOR",
    merged: false,
    mergeable: null,
    comments: store.issueComments.filter((c) => c.repo === pull.repo.name && c.owner === pull.repo.owner && c.issue_number === pull.number).length,
    review_comments: store.reviewComments.filter((c) => c.repo === pull.repo.name && c.owner === pull.repo.owner && c.pull_number === pull.number).length,
    commits: pull.heads.length,
    additions: files.reduce((sum, file) => sum + file.json.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.json.deletions, 0),
    changed_files: files.length,
  };
}
