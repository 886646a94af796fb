import { createHash } from "node:crypto";
import { countChanges, parsePatch, type ParsedPatch } from "./patch.js";
import type {
  AppJson, CheckRunJson, DiffEntryJson, FileStatus, IssueCommentJson, ReviewCommentJson, ReviewJson, Urls, UserJson,
} from "./shapes.js";
import { nodeId, timestamp, userJson } from "./shapes.js";

export interface FileSpec {
  readonly filename: string;
  readonly status: FileStatus;
  /** GitHub's `patch`: hunks only, no `diff --git`/`---`/`+++` lines. Leave out for binary or oversized files. */
  readonly patch?: string;
  /** Counted from `patch` when left out. */
  readonly additions?: number;
  readonly deletions?: number;
  readonly previous_filename?: string;
}

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface PullRequestRef extends RepoRef {
  readonly number: number;
}

export interface PullRequestSpec extends PullRequestRef {
  readonly title?: string;
  readonly body?: string | null;
  readonly draft?: boolean;
  readonly headSha: string;
  readonly baseSha: string;
  readonly headRef?: string;
  readonly baseRef?: string;
  readonly author?: string;
  /** The fork the PR comes from; `null` for a deleted fork. Defaults to the base repository. */
  readonly headRepo?: RepoRef | null;
  readonly files: readonly FileSpec[];
}

export interface PushSpec extends PullRequestRef {
  readonly headSha: string;
  /** The PR's files at the new head; unchanged when left out. */
  readonly files?: readonly FileSpec[];
  readonly baseSha?: string;
  /**
   * What `GET /compare/{previousHead}...{headSha}` answers; without it that comparison is unknown to the
   * fake and answers 404 (recorded as unhandled).
   */
  readonly compareWithPrevious?: { readonly status: ComparisonState["status"]; readonly files: readonly FileSpec[] };
}

export interface StoredFile {
  readonly json: DiffEntryJson;
  /** Absent when GitHub sends no patch (binary or oversized file): no line of such a file can be commented. */
  readonly parsed?: ParsedPatch;
}

export interface RepoState {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly defaultBranch: string;
  /** ref (branch name or SHA) → path → content */
  readonly contents: Map<string, Map<string, string>>;
}

export interface PullState {
  readonly id: number;
  readonly repo: RepoState;
  readonly number: number;
  title: string;
  body: string | null;
  draft: boolean;
  state: "open" | "closed";
  headRef: string;
  baseRef: string;
  headSha: string;
  baseSha: string;
  readonly author: UserJson;
  readonly headRepo: RepoState | null;
  /** Every head this PR has had, oldest first; reviews may name any of them as `commit_id`. */
  readonly heads: string[];
  /** head SHA → the PR's files at that head */
  readonly snapshots: Map<string, readonly StoredFile[]>;
  readonly createdAt: string;
  updatedAt: string;
}

export interface ComparisonState {
  readonly status: "ahead" | "diverged" | "behind" | "identical";
  readonly files: readonly StoredFile[];
}

export interface ReviewRecord extends ReviewJson {
  readonly owner: string;
  readonly repo: string;
  readonly pull_number: number;
  /** The comments posted with the review, as `GET /pulls/{n}/comments` returns them. */
  readonly comments: ReviewCommentJson[];
}

export interface ReviewCommentRecord extends ReviewCommentJson {
  readonly owner: string;
  readonly repo: string;
  readonly pull_number: number;
}

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string | undefined;
  readonly raw_details?: string | undefined;
  readonly start_column?: number | undefined;
  readonly end_column?: number | undefined;
}

export interface CheckRunAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

export interface CheckRunRecord extends CheckRunJson {
  readonly owner: string;
  readonly repo: string;
  /** Every annotation sent, across the create and all updates (GitHub appends them). */
  annotations: Annotation[];
  actions: CheckRunAction[];
  /** The check run as it was after the create and after each update, oldest first. */
  history: CheckRunJson[];
}

export interface IssueCommentRecord extends IssueCommentJson {
  readonly owner: string;
  readonly repo: string;
  readonly issue_number: number;
  /** Every body the comment has had, oldest first. */
  history: string[];
}

/** What a reaction is on: a conversation comment or a review comment (GitHub serves them at different endpoints). */
export type ReactionSubject = "issue-comment" | "review-comment";

export const REACTION_CONTENTS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

export interface ReactionRecord {
  readonly id: number;
  readonly node_id: string;
  readonly subject: ReactionSubject;
  readonly commentId: number;
  readonly user: UserJson;
  readonly content: ReactionContent;
  readonly created_at: string;
}

/** A person's role on a repository, as `GET /collaborators/{user}/permission` names it in `role_name`. */
export type CollaboratorRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface TokenState {
  readonly installationId: number;
  readonly expiresAt: string;
  /** A personal token's account: what it writes is by this user, not by the app's bot. */
  readonly user?: UserJson;
}

/** Who writes with a token: the app's bot (an installation token) or a person (a personal token). */
export interface Writer {
  readonly user: UserJson;
  /** The app an issue comment names; none for a person. */
  readonly app: AppJson | null;
}

/** A download link handed out by the tarball endpoint. */
export interface ArchiveToken {
  readonly owner: string;
  readonly repo: string;
  readonly ref: string;
  readonly expiresAt: number;
}

export interface AppIdentity {
  readonly id: number;
  readonly slug: string;
}

/** All the fake's in-memory state. Route modules read and change it; nothing else does. */
function appJson(urls: Urls, app: AppIdentity): AppJson {
  const created = timestamp(new Date("2024-01-01T00:00:00Z"));
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    owner: userJson(urls, "fake-app-owner", 9_000_001, "Organization"),
    name: app.slug,
    description: null,
    external_url: `${urls.html}/apps/${app.slug}`,
    html_url: `${urls.html}/apps/${app.slug}`,
    created_at: created,
    updated_at: created,
    permissions: { checks: "write", contents: "read", issues: "write", metadata: "read", pull_requests: "write" },
    events: ["check_run", "check_suite", "pull_request"],
  };
}

export class Store {
  #lastId = 1000;
  readonly repos = new Map<string, RepoState>();
  readonly pulls = new Map<string, PullState>();
  readonly comparisons = new Map<string, ComparisonState>();
  readonly tokens = new Map<string, TokenState>();
  readonly checkSuites = new Map<string, number>();
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly issueComments: IssueCommentRecord[] = [];
  /** Review threads resolved through GraphQL, by the id of their first comment. */
  readonly resolvedThreads = new Set<number>();
  /** Whether the installation may resolve review threads (an app without the permission gets FORBIDDEN). */
  canResolveThreads = true;
  readonly reactions: ReactionRecord[] = [];
  /** login (lower case) → role on every repository; anyone else has `read`, as on a public repository. */
  readonly roles = new Map<string, CollaboratorRole>();
  /** Download tokens of tarball links, by token. */
  readonly archiveTokens = new Map<string, ArchiveToken>();
  /** Entries a tree answers before it says `truncated` (GitHub's limit is 100,000); unlimited when undefined. */
  treeEntryLimit: number | undefined;
  /** The archive host sends the headers and the first bytes of each archive, then nothing more. */
  stallArchives = false;
  readonly botUser: UserJson;
  readonly appJson: AppJson;

  constructor(
    readonly urls: Urls,
    readonly app: AppIdentity,
  ) {
    this.botUser = userJson(urls, `${app.slug}[bot]`, 41_898_282 + app.id, "Bot");
    this.appJson = appJson(urls, app);
  }

  /** Who writes with the request's token (its `authorization` header): a personal token's user, else the app's bot. */
  writerOf(headers: Readonly<Record<string, string>>): Writer {
    const credential = (headers["authorization"] ?? "").split(/\s+/, 2)[1] ?? "";
    const user = this.tokens.get(credential)?.user;
    return user === undefined ? { user: this.botUser, app: this.appJson } : { user, app: null };
  }

  /** Another GitHub App installed on the repository, and its bot user: comments that are not ours. */
  otherApp(app: AppIdentity): { readonly user: UserJson; readonly app: AppJson } {
    return { user: userJson(this.urls, `${app.slug}[bot]`, 41_898_282 + app.id, "Bot"), app: appJson(this.urls, app) };
  }

  /** A person (type `User`) with a stable id per login, for comments the bot did not write. */
  humanUser(login: string): UserJson {
    const id = 10_000_000 + (Number.parseInt(createHash("sha1").update(login).digest("hex").slice(0, 6), 16) % 1_000_000);
    return userJson(this.urls, login, id, "User");
  }

  nextId(): number {
    this.#lastId += 1;
    return this.#lastId;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(repoKey(owner, name));
  }

  repoById(id: number): RepoState | undefined {
    return [...this.repos.values()].find((repo) => repo.id === id);
  }

  ensureRepo(owner: string, name: string, defaultBranch = "main"): RepoState {
    const existing = this.repo(owner, name);
    if (existing !== undefined) return existing;
    const repo: RepoState = { id: this.nextId(), owner, name, defaultBranch, contents: new Map() };
    this.repos.set(repoKey(owner, name), repo);
    return repo;
  }

  pull(owner: string, repo: string, number: number): PullState | undefined {
    return this.pulls.get(pullKey(owner, repo, number));
  }

  addPull(spec: PullRequestSpec): PullState {
    const repo = this.ensureRepo(spec.owner, spec.repo);
    if (this.pull(spec.owner, spec.repo, spec.number) !== undefined) {
      throw new Error(`pull request ${spec.owner}/${spec.repo}#${spec.number} already exists`);
    }
    const headRepo =
      spec.headRepo === null ? null : spec.headRepo === undefined ? repo : this.ensureRepo(spec.headRepo.owner, spec.headRepo.repo);
    const now = timestamp();
    const pull: PullState = {
      id: this.nextId(),
      repo,
      number: spec.number,
      title: spec.title ?? `Pull request #${spec.number}`,
      body: spec.body === undefined ? null : spec.body,
      draft: spec.draft ?? false,
      state: "open",
      headRef: spec.headRef ?? `feature-${spec.number}`,
      baseRef: spec.baseRef ?? repo.defaultBranch,
      headSha: spec.headSha,
      baseSha: spec.baseSha,
      author: userJson(this.urls, spec.author ?? "octocat", 583_231),
      headRepo,
      heads: [spec.headSha],
      snapshots: new Map([[spec.headSha, this.storeFiles(repo, spec.headSha, spec.files)]]),
      createdAt: now,
      updatedAt: now,
    };
    this.pulls.set(pullKey(spec.owner, spec.repo, spec.number), pull);
    return pull;
  }

  push(spec: PushSpec): void {
    const pull = this.requirePull(spec);
    const previous = pull.headSha;
    const files = spec.files === undefined ? this.filesAt(pull, previous) : this.storeFiles(pull.repo, spec.headSha, spec.files);
    pull.snapshots.set(spec.headSha, files);
    pull.heads.push(spec.headSha);
    pull.headSha = spec.headSha;
    if (spec.baseSha !== undefined) pull.baseSha = spec.baseSha;
    pull.updatedAt = timestamp();
    if (spec.compareWithPrevious !== undefined) {
      this.comparisons.set(compareKey(pull.repo, previous, spec.headSha), {
        status: spec.compareWithPrevious.status,
        files: this.storeFiles(pull.repo, spec.headSha, spec.compareWithPrevious.files),
      });
    }
  }

  /** GitHub groups the check runs of one app on one commit in a check suite. */
  checkSuiteId(repo: RepoState, sha: string): number {
    const key = `${repo.id}:${sha}`;
    const existing = this.checkSuites.get(key);
    if (existing !== undefined) return existing;
    const id = this.nextId();
    this.checkSuites.set(key, id);
    return id;
  }

  requirePull(ref: PullRequestRef): PullState {
    const pull = this.pull(ref.owner, ref.repo, ref.number);
    if (pull === undefined) throw new Error(`no pull request ${ref.owner}/${ref.repo}#${ref.number}: call addPullRequest first`);
    return pull;
  }

  filesAt(pull: PullState, sha: string): readonly StoredFile[] {
    return pull.snapshots.get(sha) ?? [];
  }

  /** SHAs GitHub would know in this repository: every head and base of its pull requests. */
  knowsCommit(repo: RepoState, sha: string): boolean {
    for (const pull of this.pulls.values()) {
      if (pull.repo !== repo) continue;
      if (pull.baseSha === sha || pull.heads.includes(sha)) return true;
    }
    return false;
  }

  comparison(repo: RepoState, base: string, head: string): ComparisonState | undefined {
    const stored = this.comparisons.get(compareKey(repo, base, head));
    if (stored !== undefined) return stored;
    for (const pull of this.pulls.values()) {
      if (pull.repo === repo && pull.baseSha === base && pull.snapshots.has(head)) {
        return { status: "ahead", files: this.filesAt(pull, head) };
      }
    }
    return undefined;
  }

  private storeFiles(repo: RepoState, headSha: string, files: readonly FileSpec[]): StoredFile[] {
    return files.map((file) => {
      const counted = file.patch === undefined ? { additions: 0, deletions: 0 } : countChanges(file.patch);
      const additions = file.additions ?? counted.additions;
      const deletions = file.deletions ?? counted.deletions;
      const blobPath = `${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
      const filePath = file.filename.split("/").map(encodeURIComponent).join("/");
      const json: DiffEntryJson = {
        sha: createHash("sha1").update(`${headSha}:${file.filename}`).digest("hex"),
        filename: file.filename,
        status: file.status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${this.urls.html}/${blobPath}/blob/${headSha}/${filePath}`,
        raw_url: `${this.urls.html}/${blobPath}/raw/${headSha}/${filePath}`,
        contents_url: `${this.urls.api}/repos/${blobPath}/contents/${filePath}?ref=${headSha}`,
        ...(file.patch === undefined ? {} : { patch: file.patch }),
        ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
      };
      return file.patch === undefined ? { json } : { json, parsed: parsePatch(file.patch) };
    });
  }
}

export function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

function pullKey(owner: string, repo: string, number: number): string {
  return `${repoKey(owner, repo)}#${number}`;
}

function compareKey(repo: RepoState, base: string, head: string): string {
  return `${repo.id}:${base}...${head}`;
}
