import { createHash } from "node:crypto";
import { DOCS, notFound } from "../errors.js";
import type { RouteRequest, RouteResponse, Router } from "../router.js";
import type { ContentFileJson } from "../shapes.js";
import type { RepoState, Store } from "../store.js";
import { repoPath, repositoryJson } from "../views.js";

const RAW_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.raw/;

export function registerRepoRoutes(router: Router, store: Store): void {
  router.add("GET", "/repos/:owner/:repo", "installation-token", (req) => {
    const repo = store.repo(req.param("owner"), req.param("repo"));
    return repo === undefined ? notFound() : { status: 200, json: repositoryJson(store, repo) };
  });

  // Probot's context.config asks with `mediaType: { format: "raw" }` and no `ref`, i.e. the default branch.
  router.add("GET", "/repos/:owner/:repo/contents/*path", "installation-token", (req) => getContent(store, req));

  router.add("GET", "/repos/:owner/:repo/compare/:basehead", "installation-token", (req) => {
    const repo = store.repo(req.param("owner"), req.param("repo"));
    const [base, head] = req.param("basehead").split("...");
    if (repo === undefined || base === undefined || head === undefined) return notFound();
    const comparison = store.comparison(repo, base, head);
    if (comparison === undefined) return notFound();
    return {
      status: 200,
      json: {
        url: `${store.urls.api}${repoPath(repo)}/compare/${base}...${head}`,
        status: comparison.status,
        ahead_by: comparison.status === "identical" ? 0 : 1,
        behind_by: comparison.status === "diverged" ? 1 : 0,
        total_commits: comparison.status === "identical" ? 0 : 1,
        base_commit: { sha: base },
        merge_base_commit: { sha: comparison.status === "diverged" ? `${base.slice(0, 20)}${"0".repeat(20)}` : base },
        commits: comparison.status === "identical" ? [] : [{ sha: head }],
        files: comparison.files.map((file) => file.json),
      },
    };
  });
}

function getContent(store: Store, req: RouteRequest): RouteResponse {
  const repo = store.repo(req.param("owner"), req.param("repo"));
  if (repo === undefined) return notFound(DOCS.contents);
  const path = req.param("path");
  const ref = req.query.get("ref") ?? repo.defaultBranch;
  const content = repo.contents.get(ref)?.get(path);
  if (content === undefined) return notFound(DOCS.contents);

  const raw = RAW_MEDIA_TYPE.exec(req.headers["accept"] ?? "");
  if (raw !== null) {
    // GitHub echoes the raw media type with a charset; Octokit then hands the body over as a string.
    return { status: 200, text: content, contentType: `${raw[0]}; charset=utf-8`, headers: { "x-github-media-type": "github.v3; param=raw" } };
  }
  return { status: 200, json: contentFileJson(store, repo, path, ref, content) };
}

function contentFileJson(store: Store, repo: RepoState, path: string, ref: string, content: string): ContentFileJson {
  const bytes = Buffer.from(content, "utf8");
  const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
  const self = `${store.urls.api}${repoPath(repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `${store.urls.html}/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
  const git = `${store.urls.api}${repoPath(repo)}/git/blobs/${sha}`;
  return {
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").at(-1) ?? path,
    path,
    // GitHub wraps the base64 text every 60 characters.
    content: (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n",
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${store.urls.html}/${repo.owner}/${repo.name}/raw/${ref}/${path}`,
    _links: { self, git, html },
  };
}
