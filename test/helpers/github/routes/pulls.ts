import { DOCS, MESSAGES, errorBody, notFound } from "../errors.js";
import { paginate } from "../pagination.js";
import type { Router } from "../router.js";
import type { Store, StoredFile } from "../store.js";
import { pullRequestJson } from "../views.js";

const DIFF_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.diff/;
/** GET /pulls/{n}/files lists at most 3,000 files. */
const MAX_LISTED_FILES = 3000;

export function registerPullRoutes(router: Router, store: Store): void {
  registerCommitPullsRoute(router, store);
  router.add("GET", "/repos/:owner/:repo/pulls/:pull_number(\\d+)", "installation-token", (req) => {
    const pull = store.pull(req.param("owner"), req.param("repo"), req.intParam("pull_number"));
    if (pull === undefined) return notFound();
    const diff = DIFF_MEDIA_TYPE.exec(req.headers["accept"] ?? "");
    if (diff !== null) {
      return { status: 200, text: unifiedDiff(store.filesAt(pull, pull.headSha)), contentType: `${diff[0]}; charset=utf-8` };
    }
    return { status: 200, json: pullRequestJson(store, pull) };
  });

  router.add("GET", "/repos/:owner/:repo/pulls/:pull_number(\\d+)/files", "installation-token", (req) => {
    const pull = store.pull(req.param("owner"), req.param("repo"), req.intParam("pull_number"));
    if (pull === undefined) return notFound();
    const files = store.filesAt(pull, pull.headSha).slice(0, MAX_LISTED_FILES).map((file) => file.json);
    const page = paginate(req, files, store.urls.api, `/repositories/${pull.repo.id}/pulls/${pull.number}/files`);
    return { status: 200, json: page.items, headers: page.headers };
  });
}

/**
 * `GET /commits/{sha}/pulls`: the pull requests of this repository associated with the commit — here, those that
 * had it as a head, open or closed. A commit that exists only in a fork is not in the base repository's
 * history, and GitHub answers such a lookup with no pull request (reported by many integrations): so does the fake.
 */
function registerCommitPullsRoute(router: Router, store: Store): void {
  router.add("GET", "/repos/:owner/:repo/commits/:commit_sha/pulls", "installation-token", (req) => {
    const repo = store.repo(req.param("owner"), req.param("repo"));
    if (repo === undefined) return notFound();
    const sha = req.param("commit_sha");
    if (!store.knowsCommit(repo, sha)) return { status: 422, json: errorBody(422, MESSAGES.unknownCommit(sha), DOCS.commitPulls) };
    const pulls = [...store.pulls.values()]
      .filter((pull) => pull.repo === repo && pull.headRepo === repo && pull.heads.includes(sha))
      .sort((a, b) => b.number - a.number)
      .map((pull) => pullRequestJson(store, pull));
    const page = paginate(req, pulls, store.urls.api, `/repositories/${repo.id}/commits/${sha}/pulls`);
    return { status: 200, json: page.items, headers: page.headers };
  });
}

function unifiedDiff(files: readonly StoredFile[]): string {
  return files
    .map(({ json }) => {
      const before = json.previous_filename ?? json.filename;
      const oldName = json.status === "added" ? "/dev/null" : `a/${before}`;
      const newName = json.status === "removed" ? "/dev/null" : `b/${json.filename}`;
      const header = `diff --git a/${before} b/${json.filename}\n`;
      if (json.patch === undefined) return `${header}Binary files ${oldName} and ${newName} differ\n`;
      return `${header}--- ${oldName}\n+++ ${newName}\n${json.patch}\n`;
    })
    .join("");
}
