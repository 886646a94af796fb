import { z } from "zod";
import { DOCS, characterCount, notFound, validationFailed } from "../errors.js";
import { paginate } from "../pagination.js";
import type { RouteResponse, Router } from "../router.js";
import type { AppJson, IssueCommentJson, UserJson } from "../shapes.js";
import { nodeId, timestamp } from "../shapes.js";
import type { IssueCommentRecord, PullState, Store } from "../store.js";
import { repoPath } from "../views.js";
import { reactionRollup } from "./reactions.js";

const MAX_BODY = 65_536;
const BodySchema = z.object({ body: z.string().optional() });

export function registerIssueCommentRoutes(router: Router, store: Store): void {
  // Only pull requests exist in the fake, and every pull request is also an issue.
  router.add("POST", "/repos/:owner/:repo/issues/:issue_number(\\d+)/comments", "installation-token", (req) => {
    const pull = store.pull(req.param("owner"), req.param("repo"), req.intParam("issue_number"));
    if (pull === undefined) return notFound(DOCS.issueComments);
    const body = validBody(req.body);
    if (typeof body !== "string") return body;
    const writer = store.writerOf(req.headers);
    const record = addIssueComment(store, pull, body, writer.user, writer.app);
    return { status: 201, json: issueCommentJson(record) };
  });

  router.add("GET", "/repos/:owner/:repo/issues/:issue_number(\\d+)/comments", "installation-token", (req) => {
    const pull = store.pull(req.param("owner"), req.param("repo"), req.intParam("issue_number"));
    if (pull === undefined) return notFound();
    const comments = store.issueComments
      .filter((comment) => comment.owner === pull.repo.owner && comment.repo === pull.repo.name && comment.issue_number === pull.number)
      .map((comment) => ({ ...issueCommentJson(comment), reactions: reactionRollup(store, "issue-comment", comment.id, comment.url) }));
    const page = paginate(req, comments, store.urls.api, `/repositories/${pull.repo.id}/issues/${pull.number}/comments`);
    return { status: 200, json: page.items, headers: page.headers };
  });

  router.add("PATCH", "/repos/:owner/:repo/issues/comments/:comment_id(\\d+)", "installation-token", (req) => {
    const record = findComment(store, req.param("owner"), req.param("repo"), req.intParam("comment_id"));
    if (record === undefined) return notFound();
    const body = validBody(req.body);
    if (typeof body !== "string") return body;
    record.body = body;
    record.updated_at = timestamp();
    record.history.push(body);
    return { status: 200, json: issueCommentJson(record) };
  });

  router.add("GET", "/repos/:owner/:repo/issues/comments/:comment_id(\\d+)", "installation-token", (req) => {
    const record = findComment(store, req.param("owner"), req.param("repo"), req.intParam("comment_id"));
    return record === undefined ? notFound() : { status: 200, json: issueCommentJson(record) };
  });

  router.add("DELETE", "/repos/:owner/:repo/issues/comments/:comment_id(\\d+)", "installation-token", (req) => {
    const record = findComment(store, req.param("owner"), req.param("repo"), req.intParam("comment_id"));
    if (record === undefined) return notFound();
    store.issueComments.splice(store.issueComments.indexOf(record), 1);
    return { status: 204 };
  });
}

/** Stores a comment on the pull request's conversation, by the bot (through the app) or by a person (`viaApp` null). */
export function addIssueComment(store: Store, pull: PullState, body: string, user: UserJson, viaApp: AppJson | null): IssueCommentRecord {
  const id = store.nextId();
  const now = timestamp();
  const issueUrl = `${store.urls.api}${repoPath(pull.repo)}/issues/${pull.number}`;
  const record: IssueCommentRecord = {
    id,
    node_id: nodeId("IssueComment", id),
    url: `${store.urls.api}${repoPath(pull.repo)}/issues/comments/${id}`,
    html_url: `${store.urls.html}/${pull.repo.owner}/${pull.repo.name}/pull/${pull.number}#issuecomment-${id}`,
    issue_url: issueUrl,
    body,
    user,
    created_at: now,
    updated_at: now,
    author_association: viaApp === null ? "CONTRIBUTOR" : "NONE",
    performed_via_github_app: viaApp,
    owner: pull.repo.owner,
    repo: pull.repo.name,
    issue_number: pull.number,
    history: [body],
  };
  store.issueComments.push(record);
  return record;
}

function validBody(raw: unknown): string | RouteResponse {
  const parsed = BodySchema.safeParse(raw ?? {});
  const body = parsed.success ? parsed.data.body : undefined;
  if (body === undefined || body.trim() === "") {
    return validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }], DOCS.issueComments);
  }
  if (characterCount(body) > MAX_BODY) {
    return validationFailed(
      [{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }],
      DOCS.issueComments,
    );
  }
  return body;
}

function findComment(store: Store, owner: string, repo: string, id: number): IssueCommentRecord | undefined {
  const repository = store.repo(owner, repo);
  if (repository === undefined) return undefined;
  return store.issueComments.find((comment) => comment.id === id && comment.owner === repository.owner && comment.repo === repository.name);
}

export function issueCommentJson(record: IssueCommentRecord): IssueCommentJson {
  const { owner: _owner, repo: _repo, issue_number: _issue, history: _history, ...json } = record;
  return json;
}
