import { createHash, randomBytes } from "node:crypto";
import { blobSha } from "../archive.js";
import { errorBody } from "../errors.js";
import type { RouteRequest, RouteResponse, Router } from "../router.js";
import type { RepoState, Store } from "../store.js";
import { repoPath } from "../views.js";

const DOWNLOAD_DOCS = "https://docs.github.com/rest/repos/contents#download-a-repository-archive-tar";
const TREE_DOCS = "https://docs.github.com/rest/git/trees#get-a-tree";
/** GitHub's download links for private repositories stop working after five minutes. */
const ARCHIVE_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

/**
 * The repository content endpoints beyond `/contents`: the tarball (a 302 to codeload, as GitHub answers)
 * and the Git tree. Both read the files the store holds at a ref (`setFile(…, ref)`).
 */
export function registerGitContentRoutes(router: Router, store: Store): void {
  router.add("GET", "/repos/:owner/:repo/tarball/*ref", "installation-token", (req) => redirectToArchive(store, req));
  router.add("GET", "/repos/:owner/:repo/git/trees/*sha", "installation-token", (req) => getTree(store, req));
}

function redirectToArchive(store: Store, req: RouteRequest): RouteResponse {
  const repo = store.repo(req.param("owner"), req.param("repo"));
  const ref = req.param("ref");
  if (repo === undefined || repo.contents.get(ref) === undefined) return { status: 404, json: errorBody(404, "Not Found", DOWNLOAD_DOCS) };
  // Like GitHub for a private repository: the link carries its own short-lived token, so the client's
  // Authorization header is not needed there (fetch drops it on a redirect to another origin).
  const token = randomBytes(16).toString("hex");
  store.archiveTokens.set(token, { owner: repo.owner, repo: repo.name, ref, expiresAt: Date.now() + ARCHIVE_TOKEN_LIFETIME_MS });
  const location = `${store.urls.codeload}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/legacy.tar.gz/${encodeURIComponent(ref)}?token=${token}`;
  return { status: 302, headers: { location } };
}

interface TreeEntryJson {
  readonly path: string;
  readonly mode: string;
  readonly type: "blob" | "tree";
  readonly sha: string;
  readonly size?: number;
  readonly url: string;
}

function getTree(store: Store, req: RouteRequest): RouteResponse {
  const repo = store.repo(req.param("owner"), req.param("repo"));
  const ref = req.param("sha");
  const files = repo?.contents.get(ref);
  if (repo === undefined || files === undefined) return { status: 404, json: errorBody(404, "Not Found", TREE_DOCS) };
  // Any value of `recursive` turns recursion on, as GitHub documents.
  const recursive = req.query.has("recursive");
  const entries = treeEntries(store, repo, files, recursive);
  const limit = store.treeEntryLimit;
  const truncated = limit !== undefined && entries.length > limit;
  return {
    status: 200,
    json: {
      sha: treeSha(files),
      url: `${store.urls.api}${repoPath(repo)}/git/trees/${treeSha(files)}`,
      tree: truncated ? entries.slice(0, limit) : entries,
      truncated,
    },
  };
}

function treeEntries(store: Store, repo: RepoState, files: ReadonlyMap<string, string>, recursive: boolean): TreeEntryJson[] {
  const folders = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) folders.add(parts.slice(0, depth).join("/"));
  }
  const api = `${store.urls.api}${repoPath(repo)}/git`;
  const entries: TreeEntryJson[] = [
    ...[...folders].map((path): TreeEntryJson => {
      const sha = createHash("sha1").update(`tree:${path}`).digest("hex");
      return { path, mode: "040000", type: "tree", sha, url: `${api}/trees/${sha}` };
    }),
    ...[...files].map(([path, content]): TreeEntryJson => {
      const sha = blobSha(content);
      return { path, mode: "100644", type: "blob", sha, size: Buffer.byteLength(content), url: `${api}/blobs/${sha}` };
    }),
  ];
  const shown = recursive ? entries : entries.filter((entry) => !entry.path.includes("/"));
  return shown.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function treeSha(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha1");
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${content}\0`);
  return hash.digest("hex");
}
