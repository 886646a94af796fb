import type { components } from "@octokit/openapi-types";

/**
 * Response bodies, typed as subsets of GitHub's OpenAPI schemas: each fake object carries the fields a
 * client reads, with GitHub's names and types, and nothing invented.
 */
type Schemas = components["schemas"];
type Subset<T, K extends keyof T, Extra = unknown> = Pick<T, K> & Extra;

export type UserJson = Subset<Schemas["simple-user"], "login" | "node_id" | "avatar_url" | "url" | "html_url" | "type" | "site_admin", { id: number }>;

export type AppJson = Subset<
  NonNullable<Schemas["nullable-integration"]>,
  "id" | "slug" | "node_id" | "name" | "description" | "external_url" | "html_url" | "created_at" | "updated_at" | "permissions" | "events",
  { owner: UserJson }
>;

export type RepositoryJson = Subset<
  Schemas["repository"],
  "node_id" | "name" | "full_name" | "private" | "html_url" | "url" | "fork" | "default_branch" | "visibility",
  { id: number; owner: UserJson }
>;

export type PullRequestJson = Subset<
  Schemas["pull-request"],
  | "url" | "node_id" | "html_url" | "diff_url" | "patch_url" | "number" | "state" | "locked" | "title" | "body"
  | "created_at" | "updated_at" | "closed_at" | "merged_at" | "merge_commit_sha" | "draft" | "merged" | "mergeable"
  | "comments" | "review_comments" | "commits" | "additions" | "deletions" | "changed_files" | "author_association",
  {
    id: number;
    user: UserJson;
    labels: [];
    head: { label: string; ref: string; sha: string; user: UserJson; repo: RepositoryJson | null };
    base: { label: string; ref: string; sha: string; user: UserJson; repo: RepositoryJson };
  }
>;

export type DiffEntryJson = Subset<
  Schemas["diff-entry"],
  "sha" | "filename" | "status" | "additions" | "deletions" | "changes" | "blob_url" | "raw_url" | "contents_url" | "patch" | "previous_filename"
>;

export type FileStatus = DiffEntryJson["status"];

export type ContentFileJson = Subset<
  Schemas["content-file"],
  "type" | "encoding" | "size" | "name" | "path" | "content" | "sha" | "url" | "git_url" | "html_url" | "download_url" | "_links"
>;

export type InstallationTokenJson = Subset<Schemas["installation-token"], "token" | "expires_at" | "permissions" | "repository_selection">;

export type CheckRunJson = Subset<
  Schemas["check-run"],
  | "head_sha" | "node_id" | "external_id" | "url" | "html_url" | "details_url" | "status" | "conclusion" | "started_at"
  | "completed_at" | "output" | "name" | "check_suite" | "pull_requests",
  { id: number; app: AppJson }
>;

export type CheckRunStatus = CheckRunJson["status"];
export type CheckRunConclusion = NonNullable<CheckRunJson["conclusion"]>;

export type ReviewJson = Subset<
  Schemas["pull-request-review"],
  "node_id" | "body" | "state" | "html_url" | "pull_request_url" | "_links" | "submitted_at" | "commit_id" | "author_association",
  { id: number; user: UserJson }
>;

export type ReviewCommentJson = Subset<
  Schemas["pull-request-review-comment"],
  | "url" | "node_id" | "diff_hunk" | "path" | "position" | "original_position" | "commit_id" | "original_commit_id"
  | "in_reply_to_id" | "body" | "created_at" | "updated_at" | "html_url" | "pull_request_url" | "author_association"
  | "_links" | "start_line" | "original_start_line" | "start_side" | "line" | "original_line" | "side" | "subject_type",
  { id: number; pull_request_review_id: number; user: UserJson }
>;

export type IssueCommentJson = Subset<
  Schemas["issue-comment"],
  "node_id" | "url" | "body" | "html_url" | "created_at" | "updated_at" | "issue_url" | "author_association",
  // null for a comment a person wrote
  { id: number; user: UserJson; performed_via_github_app: AppJson | null }
>;

/** Where the fake lives: `api` is what Probot calls `baseUrl`, `html` stands in for https://github.com. */
export interface Urls {
  readonly api: string;
  readonly html: string;
  /** Where archive downloads are redirected: another origin, as codeload.github.com is. */
  readonly codeload: string;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64url");
}

/** GitHub's timestamps have whole seconds: 2011-04-14T16:00:49Z. */
export function timestamp(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function userJson(urls: Urls, login: string, id: number, type: "User" | "Bot" | "Organization" = "User"): UserJson {
  return {
    login,
    id,
    node_id: nodeId("User", id),
    avatar_url: `${urls.html}/avatars/u/${id}`,
    url: `${urls.api}/users/${encodeURIComponent(login)}`,
    html_url: `${urls.html}/${encodeURIComponent(login)}`,
    type,
    site_admin: false,
  };
}
