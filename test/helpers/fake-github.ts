import { randomBytes } from "node:crypto";
import { startCodeload, type ArchiveDownload } from "./github/codeload.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { refuse } from "./github/auth.js";
import { errorBody, notFound } from "./github/errors.js";
import { Failures, injectedBody, type FailureSpec } from "./github/failures.js";
import { Router, type RouteRequest, type RouteResponse } from "./github/router.js";
import { registerAppRoutes, issueInstallationToken, issuePersonalToken } from "./github/routes/apps.js";
import { registerCheckRunRoutes } from "./github/routes/check-runs.js";
import { registerCollaboratorRoutes } from "./github/routes/collaborators.js";
import { addReaction, registerReactionRoutes } from "./github/routes/reactions.js";
import { registerGitContentRoutes } from "./github/routes/git-content.js";
import { registerGraphqlRoutes, threadsOf, UNSUPPORTED_OPERATION, type ThreadView } from "./github/routes/graphql.js";
import { addIssueComment, registerIssueCommentRoutes } from "./github/routes/issue-comments.js";
import { registerPullRoutes } from "./github/routes/pulls.js";
import { registerRepoRoutes } from "./github/routes/repos.js";
import { addPersonReviewComment, registerReviewRoutes, type PersonReviewComment } from "./github/routes/reviews.js";
import { timestamp } from "./github/shapes.js";
import {
  Store, type CheckRunRecord, type IssueCommentRecord, type PullRequestRef, type PullRequestSpec, type PushSpec,
  type RepoRef, type ReviewCommentRecord, type ReviewRecord, type CollaboratorRole, type ReactionContent, type ReactionRecord, type ReactionSubject,
} from "./github/store.js";
import { flatHeaders, readBody, sendJson, startLocalServer } from "./http/local-server.js";
import { Waiters, type WaitOptions } from "./http/waiters.js";

export type { FailureSpec } from "./github/failures.js";
export { graphqlRateLimit, primaryRateLimit, secondaryRateLimit } from "./github/failures.js";
export type { Side } from "./github/patch.js";
export type {
  Annotation, CheckRunAction, CheckRunRecord, CollaboratorRole, FileSpec, IssueCommentRecord, PullRequestRef, PullRequestSpec, PushSpec,
  ReactionContent, ReactionRecord, ReactionSubject, RepoRef, ReviewCommentRecord, ReviewRecord,
} from "./github/store.js";
export type { WaitOptions } from "./http/waiters.js";
export type { PersonReviewComment } from "./github/routes/reviews.js";
export type { ThreadView } from "./github/routes/graphql.js";
export type { ArchiveDownload } from "./github/codeload.js";

const API_PREFIX = "/api/v3";

export interface RecordedRequest {
  readonly method: string;
  /** Without the `/api/v3` prefix and without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
  /** Answered by an error queued with `failNext`. */
  readonly injected: boolean;
}

/** Everything the fake has recorded; each read returns a copy. */
export interface FakeGitHubState {
  readonly requests: readonly RecordedRequest[];
  /** Requests no route matched (answered 404), plus comparisons the test did not describe. */
  readonly unhandled: readonly RecordedRequest[];
  readonly reviews: readonly ReviewRecord[];
  readonly reviewComments: readonly ReviewCommentRecord[];
  readonly checkRuns: readonly CheckRunRecord[];
  readonly issueComments: readonly IssueCommentRecord[];
  /** Every pull request's review threads (first comment and replies), with whether GraphQL resolved them. */
  readonly reviewThreads: readonly ThreadView[];
  /** Reactions on conversation and review comments, the app's and people's. */
  readonly reactions: readonly ReactionRecord[];
  /** Requests to the archive host the tarball endpoint redirects to (not API requests, like codeload's). */
  readonly archiveDownloads: readonly ArchiveDownload[];
}

export interface StartFakeGitHubOptions {
  /** The app's id: the `iss` its JWTs must carry (default 1). */
  readonly appId?: number;
  /** The app's slug; the bot user is `<slug>[bot]` (default "pr-reviewer"). */
  readonly appSlug?: string;
}

export interface FakeGitHub extends FakeGitHubState {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `127.0.0.1:PORT`, for GHE_HOST. */
  readonly host: string;
  /** `http://127.0.0.1:PORT/api/v3`, Octokit's baseUrl. */
  readonly baseUrl: string;
  /** The archive host tarball downloads are redirected to: another origin, like codeload.github.com. */
  readonly archiveOrigin: string;
  /** `{ GHE_HOST, GHE_PROTOCOL }` to point Probot here. */
  readonly env: { readonly GHE_HOST: string; readonly GHE_PROTOCOL: "http" };
  readonly appId: number;
  /** The bot's login, e.g. `pr-reviewer[bot]`. */
  readonly botLogin: string;

  addRepository(spec: RepoRef & { readonly defaultBranch?: string }): void;
  addPullRequest(spec: PullRequestSpec): PullRequestRef;
  /** A push: a new head SHA (and usually new files). Earlier heads stay valid as a review's `commit_id`. */
  pushToPullRequest(spec: PushSpec): void;
  updatePullRequest(
    spec: PullRequestRef & { readonly title?: string; readonly body?: string | null; readonly draft?: boolean; readonly state?: "open" | "closed" },
  ): void;
  /** A file for `GET /contents/{path}`, on the default branch unless `ref` (a branch name or SHA) is given. */
  setFile(owner: string, repo: string, path: string, content: string, ref?: string): void;
  /** Deletes a file set with `setFile`, on the default branch unless `ref` is given. */
  removeFile(owner: string, repo: string, path: string, ref?: string): void;
  /** A comment a person (`type: "User"`, no app) wrote on the PR's conversation, as the web UI makes it; returns its id. */
  addPersonIssueComment(spec: PullRequestRef & { readonly author: string; readonly body: string }): number;
  /** An issue comment written by another GitHub App's bot (type `Bot`, its own `performed_via_github_app`). */
  addOtherAppIssueComment(spec: PullRequestRef & { readonly app: { readonly id: number; readonly slug: string }; readonly body: string }): number;
  /**
   * A review comment a person wrote: a new thread on a diff line (anchors checked as GitHub does) or, with
   * `inReplyTo`, a reply in an existing thread; returns its id.
   */
  addPersonReviewComment(spec: PullRequestRef & PersonReviewComment & { readonly author: string }): number;
  /** Makes `resolveReviewThread` answer FORBIDDEN, as for an installation without the permission. */
  denyThreadResolution(): void;
  /** A person's role on every repository of the fake (`GET /collaborators/{user}/permission`); `read` when not set. */
  setRole(login: string, role: CollaboratorRole): void;
  /** A person's reaction on a comment, as the web UI makes it; returns the reaction's id. */
  addPersonReaction(spec: { readonly subject: ReactionSubject; readonly commentId: number; readonly author: string; readonly content: ReactionContent }): number;
  /** A person taking their reaction back. */
  removePersonReaction(reactionId: number): void;
  /** A person pressing "Resolve conversation" on the thread that starts with `rootCommentId`. */
  resolveThreadAsPerson(rootCommentId: number): void;
  /** Makes `GET /git/trees` answer at most `entries` entries and `truncated: true` beyond, as GitHub does past 100,000. */
  limitTreeEntries(entries: number): void;
  /** Makes the archive host send the first bytes of each archive and then hang, as a stalled download does. */
  stallArchiveDownloads(): void;
  /** A token the fake accepts, for tests that drive it with Octokit directly. */
  createInstallationToken(installationId?: number): string;
  /** A person's (say a machine user's) access token: comments, reviews and reactions made with it are that person's. */
  createPersonalToken(login: string): string;
  failNext(spec: FailureSpec): void;
  /**
   * Resolves with the predicate's first truthy result, checked now and after every request the fake
   * answers; rejects after `timeoutMs` (default 5,000) with the recorded requests in the message.
   */
  waitFor<T>(predicate: (state: FakeGitHubState) => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: StartFakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const unhandled: RecordedRequest[] = [];
  const archiveDownloads: ArchiveDownload[] = [];
  const failures = new Failures();
  const router = new Router();
  // The store needs the server's URL, so it is made once the server listens; no request can come earlier.
  const started: { store?: Store } = {};
  const requireStore = (): Store => {
    if (started.store === undefined) throw new Error("fake GitHub is not started yet");
    return started.store;
  };

  const state: FakeGitHubState = {
    get requests() { return structuredClone(requests); },
    get unhandled() { return structuredClone(unhandled); },
    get reviews() { return structuredClone(requireStore().reviews); },
    get reviewComments() { return structuredClone(requireStore().reviewComments); },
    get checkRuns() { return structuredClone(requireStore().checkRuns); },
    get issueComments() { return structuredClone(requireStore().issueComments); },
    get reviewThreads() {
      const store = requireStore();
      return structuredClone([...store.pulls.values()].flatMap((pull) => threadsOf(store, pull)));
    },
    get reactions() { return structuredClone(requireStore().reactions); },
    get archiveDownloads() { return structuredClone(archiveDownloads); },
  };
  const waiters = new Waiters<FakeGitHubState>(() => state, () => describeRequests(requests, unhandled));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const headers = flatHeaders(req);
    const text = await readBody(req);
    const record = (status: number, body: unknown, injected: boolean, isUnhandled: boolean): void => {
      const entry: RecordedRequest = { method, path, query: Object.fromEntries(url.searchParams), body, headers, status, injected };
      requests.push(entry);
      if (isUnhandled) unhandled.push(entry);
    };

    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      record(400, text, false, false);
      sendJson(res, 400, errorBody(400, "Problems parsing JSON"));
      waiters.notify();
      return;
    }

    const failure = failures.take(method, path);
    if (failure !== undefined && failure.afterEffect !== true) {
      record(failure.status, body, true, false);
      sendJson(res, failure.status, injectedBody(failure), failure.headers);
      waiters.notify();
      return;
    }

    const routed = route(requireStore(), router, method, resolveRepositoryId(requireStore(), path), url.searchParams, body, headers);
    record(failure?.status ?? routed.response.status, body, failure !== undefined, routed.unhandled);
    if (failure !== undefined) sendJson(res, failure.status, injectedBody(failure), failure.headers);
    else send(res, routed.response);
    waiters.notify();
  };

  const server = await startLocalServer(handle);
  const codeload = await startCodeload(requireStore, (download) => {
    archiveDownloads.push(download);
    waiters.notify();
  });
  const urls = { api: `${server.origin}${API_PREFIX}`, html: server.origin, codeload: codeload.origin };
  const appId = options.appId ?? 1;
  const ready = new Store(urls, { id: appId, slug: options.appSlug ?? "pr-reviewer" });
  started.store = ready;
  registerAppRoutes(router, ready);
  registerRepoRoutes(router, ready);
  registerGitContentRoutes(router, ready);
  registerPullRoutes(router, ready);
  registerReviewRoutes(router, ready);
  registerCheckRunRoutes(router, ready);
  registerIssueCommentRoutes(router, ready);
  registerGraphqlRoutes(router, ready);
  registerReactionRoutes(router, ready);
  registerCollaboratorRoutes(router, ready);

  const host = server.origin.replace(/^http:\/\//, "");
  return {
    get requests() { return state.requests; },
    get unhandled() { return state.unhandled; },
    get reviews() { return state.reviews; },
    get reviewComments() { return state.reviewComments; },
    get checkRuns() { return state.checkRuns; },
    get issueComments() { return state.issueComments; },
    get reviewThreads() { return state.reviewThreads; },
    get reactions() { return state.reactions; },
    get archiveDownloads() { return state.archiveDownloads; },
    origin: server.origin,
    host,
    baseUrl: urls.api,
    archiveOrigin: codeload.origin,
    env: { GHE_HOST: host, GHE_PROTOCOL: "http" },
    appId,
    botLogin: ready.botUser.login,
    addRepository(spec) {
      ready.ensureRepo(spec.owner, spec.repo, spec.defaultBranch);
    },
    addPullRequest(spec) {
      const pull = ready.addPull(spec);
      return { owner: pull.repo.owner, repo: pull.repo.name, number: pull.number };
    },
    pushToPullRequest(spec) {
      ready.push(spec);
    },
    updatePullRequest(spec) {
      const pull = ready.requirePull(spec);
      if (spec.title !== undefined) pull.title = spec.title;
      if (spec.body !== undefined) pull.body = spec.body;
      if (spec.draft !== undefined) pull.draft = spec.draft;
      if (spec.state !== undefined) pull.state = spec.state;
      pull.updatedAt = timestamp();
    },
    setFile(owner, repo, path, content, ref) {
      const repository = ready.ensureRepo(owner, repo);
      const branch = ref ?? repository.defaultBranch;
      const files = repository.contents.get(branch) ?? new Map<string, string>();
      files.set(path, content);
      repository.contents.set(branch, files);
    },
    removeFile(owner, repo, path, ref) {
      const repository = ready.ensureRepo(owner, repo);
      repository.contents.get(ref ?? repository.defaultBranch)?.delete(path);
    },
    addPersonIssueComment(spec) {
      const pull = ready.requirePull(spec);
      return addIssueComment(ready, pull, spec.body, ready.humanUser(spec.author), null).id;
    },
    addOtherAppIssueComment(spec) {
      const pull = ready.requirePull(spec);
      const other = ready.otherApp(spec.app);
      return addIssueComment(ready, pull, spec.body, other.user, other.app).id;
    },
    addPersonReviewComment(spec) {
      const pull = ready.requirePull(spec);
      return addPersonReviewComment(ready, pull, ready.humanUser(spec.author), spec).id;
    },
    denyThreadResolution() {
      ready.canResolveThreads = false;
    },
    setRole(login, role) {
      ready.roles.set(login.toLowerCase(), role);
    },
    addPersonReaction(spec) {
      const comments = spec.subject === "issue-comment" ? ready.issueComments : ready.reviewComments;
      if (!comments.some((c) => c.id === spec.commentId)) throw new Error(`no ${spec.subject} ${spec.commentId}`);
      return addReaction(ready, spec.subject, spec.commentId, ready.humanUser(spec.author), spec.content).record.id;
    },
    removePersonReaction(reactionId) {
      const index = ready.reactions.findIndex((r) => r.id === reactionId);
      if (index < 0) throw new Error(`no reaction ${reactionId}`);
      ready.reactions.splice(index, 1);
    },
    resolveThreadAsPerson(rootCommentId) {
      if (!ready.reviewComments.some((c) => c.id === rootCommentId && c.in_reply_to_id === undefined)) throw new Error(`no review thread starts with ${rootCommentId}`);
      ready.resolvedThreads.add(rootCommentId);
    },
    limitTreeEntries(entries) {
      ready.treeEntryLimit = entries;
    },
    stallArchiveDownloads() {
      ready.stallArchives = true;
    },
    createInstallationToken(installationId = 1) {
      return issueInstallationToken(ready, installationId).token;
    },
    createPersonalToken(login) {
      return issuePersonalToken(ready, ready.humanUser(login));
    },
    failNext(spec) {
      failures.add(spec);
    },
    waitFor(predicate, waitOptions) {
      return waiters.waitFor(predicate, waitOptions);
    },
    async close() {
      waiters.closeAll("fake GitHub closed");
      await Promise.all([server.close(), codeload.close()]);
    },
  };
}

interface Routed {
  readonly response: RouteResponse;
  readonly unhandled: boolean;
}

function route(
  store: Store, router: Router, method: string, path: string, query: URLSearchParams, body: unknown, headers: Readonly<Record<string, string>>,
): Routed {
  const match = router.match(method, path);
  if (match === undefined) return { response: notFound(), unhandled: true };
  const refusal = refuse(store, match.auth, headers["authorization"]);
  if (refusal !== undefined) return { response: refusal, unhandled: false };
  const request: RouteRequest = {
    method,
    path,
    query,
    body,
    headers,
    param(name) {
      const value = match.params.get(name);
      if (value === undefined) throw new Error(`route has no parameter ${name}`);
      return value;
    },
    intParam(name) {
      return Number.parseInt(this.param(name), 10);
    },
  };
  const response = match.handler(request);
  // A comparison the test never described is a gap in the test, not GitHub's 404: make it visible.
  const undescribedComparison = response.status === 404 && /^\/repos\/[^/]+\/[^/]+\/compare\//.test(path);
  return { response, unhandled: undescribedComparison || isUnsupportedGraphql(response) };
}

function isUnsupportedGraphql(response: RouteResponse): boolean {
  return "json" in response && JSON.stringify(response.json ?? null).includes(UNSUPPORTED_OPERATION);
}

/** GitHub's pagination links name repositories by id: /repositories/{id}/… is /repos/{owner}/{repo}/…. */
function resolveRepositoryId(store: Store, path: string): string {
  const match = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (match?.[1] === undefined) return path;
  const repo = store.repoById(Number(match[1]));
  if (repo === undefined) return path;
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}${match[2] ?? ""}`;
}

function send(res: ServerResponse, response: RouteResponse): void {
  const common = {
    "x-github-api-version-selected": "2022-11-28",
    "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-resource": "core",
    ...response.headers,
  };
  if ("text" in response) {
    res.writeHead(response.status, { ...common, "content-type": response.contentType, "content-length": Buffer.byteLength(response.text) });
    res.end(response.text);
    return;
  }
  if (response.json === undefined) {
    res.writeHead(response.status, common);
    res.end();
    return;
  }
  sendJson(res, response.status, response.json, { "x-github-media-type": "github.v3; format=json", ...common });
}

function describeRequests(requests: readonly RecordedRequest[], unhandled: readonly RecordedRequest[]): string {
  const line = (r: RecordedRequest): string => `  ${r.method} ${r.path}${r.injected ? " (injected)" : ""} → ${r.status}`;
  const recorded = requests.length === 0 ? "  (none)" : requests.map(line).join("\n");
  const missing = unhandled.length === 0 ? "" : `\nUnhandled requests (${unhandled.length}):\n${unhandled.map(line).join("\n")}`;
  return `Recorded requests (${requests.length}):\n${recorded}${missing}`;
}
