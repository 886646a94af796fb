import { z } from "zod";
import { DOCS, MESSAGES, characterCount, errorBody, invalidRequest, notFound } from "../errors.js";
import { paginate } from "../pagination.js";
import type { RouteResponse, Router } from "../router.js";
import type { CheckRunJson } from "../shapes.js";
import { nodeId, timestamp } from "../shapes.js";
import type { CheckRunRecord, RepoState, Store } from "../store.js";
import { repoPath } from "../views.js";

const MAX_OUTPUT = 65_535;

const AnnotationSchema = z.object({
  path: z.string(),
  start_line: z.int(),
  end_line: z.int(),
  start_column: z.int().optional(),
  end_column: z.int().optional(),
  annotation_level: z.enum(["notice", "warning", "failure"]),
  message: z.string(),
  title: z.string().optional(),
  raw_details: z.string().optional(),
});

const OutputSchema = z.object({
  title: z.string(),
  summary: z.string(),
  text: z.string().optional(),
  // GitHub takes at most 50 annotations per request; more are added with further updates.
  annotations: z.array(AnnotationSchema).max(50).optional(),
});

const ActionSchema = z.object({
  label: z.string().max(20),
  description: z.string().max(40),
  identifier: z.string().max(20),
});

const FieldsSchema = z.object({
  name: z.string(),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  // waiting, requested and pending are reserved for GitHub Actions.
  status: z.enum(["queued", "in_progress", "completed"]).optional(),
  started_at: z.string().optional(),
  conclusion: z.enum(["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"]).optional(),
  completed_at: z.string().optional(),
  output: OutputSchema.optional(),
  actions: z.array(ActionSchema).max(3).optional(),
});

const CreateSchema = FieldsSchema.extend({ head_sha: z.string() });
const UpdateSchema = FieldsSchema.partial();
type Fields = z.infer<typeof UpdateSchema>;

export function registerCheckRunRoutes(router: Router, store: Store): void {
  router.add("POST", "/repos/:owner/:repo/check-runs", "installation-token", (req) => {
    // The Checks API writes for GitHub Apps only; a personal token may read check runs but not create them.
    if (store.writerOf(req.headers).app === null) return { status: 403, json: errorBody(403, "You must authenticate via a GitHub App.", DOCS.checkRuns) };
    const repo = store.repo(req.param("owner"), req.param("repo"));
    if (repo === undefined) return notFound(DOCS.checkRuns);
    const parsed = CreateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalidRequest(parsed.error, DOCS.checkRuns);
    const input = parsed.data;
    if (!store.knowsCommit(repo, input.head_sha)) return { status: 422, json: errorBody(422, MESSAGES.unknownCommit(input.head_sha), DOCS.checkRuns) };
    const problem = checkFields(input, undefined);
    if (problem !== undefined) return problem;

    const id = store.nextId();
    const url = `${store.urls.api}${repoPath(repo)}/check-runs/${id}`;
    const initial: CheckRunJson = {
      id,
      head_sha: input.head_sha,
      node_id: nodeId("CheckRun", id),
      external_id: "",
      url,
      html_url: `${store.urls.html}/${repo.owner}/${repo.name}/runs/${id}`,
      details_url: store.appJson.external_url,
      status: "queued",
      conclusion: null,
      started_at: timestamp(),
      completed_at: null,
      output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${url}/annotations` },
      name: input.name,
      check_suite: { id: store.checkSuiteId(repo, input.head_sha) },
      app: store.appJson,
      pull_requests: pullRequestsFor(store, repo, input.head_sha),
    };
    const record: CheckRunRecord = { ...initial, owner: repo.owner, repo: repo.name, annotations: [], actions: [], history: [] };
    applyFields(record, input);
    store.checkRuns.push(record);
    return { status: 201, json: checkRunJson(record) };
  });

  router.add("PATCH", "/repos/:owner/:repo/check-runs/:check_run_id(\\d+)", "installation-token", (req) => {
    const record = findRun(store, req.param("owner"), req.param("repo"), req.intParam("check_run_id"));
    if (record === undefined) return notFound(DOCS.checkRuns);
    const parsed = UpdateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalidRequest(parsed.error, DOCS.checkRuns);
    const problem = checkFields(parsed.data, record);
    if (problem !== undefined) return problem;
    applyFields(record, parsed.data);
    return { status: 200, json: checkRunJson(record) };
  });

  router.add("GET", "/repos/:owner/:repo/check-runs/:check_run_id(\\d+)", "installation-token", (req) => {
    const record = findRun(store, req.param("owner"), req.param("repo"), req.intParam("check_run_id"));
    return record === undefined ? notFound() : { status: 200, json: checkRunJson(record) };
  });

  router.add("GET", "/repos/:owner/:repo/commits/:ref/check-runs", "installation-token", (req) => {
    const repo = store.repo(req.param("owner"), req.param("repo"));
    if (repo === undefined) return notFound();
    const ref = req.param("ref");
    const sha = branchHead(store, repo, ref) ?? ref;
    const name = req.query.get("check_name");
    const status = req.query.get("status");
    let runs = store.checkRuns.filter(
      (run) => run.owner === repo.owner && run.repo === repo.name && run.head_sha === sha && (name === null || run.name === name) && (status === null || run.status === status),
    );
    // filter=latest (the default) keeps only the most recent run of each name.
    if (req.query.get("filter") !== "all") runs = runs.filter((run, index) => !runs.slice(index + 1).some((later) => later.name === run.name));
    const newestFirst = runs.reverse().map(checkRunJson);
    const page = paginate(req, newestFirst, store.urls.api, `/repositories/${repo.id}/commits/${encodeURIComponent(ref)}/check-runs`);
    return { status: 200, json: { total_count: newestFirst.length, check_runs: page.items }, headers: page.headers };
  });
}

function checkFields(input: Fields, current: CheckRunRecord | undefined): RouteResponse | undefined {
  const completing = input.status === "completed" || (input.completed_at !== undefined && input.status === undefined);
  if (completing && input.conclusion === undefined && (current?.conclusion ?? null) === null) {
    return { status: 422, json: errorBody(422, "Invalid request.\n\nconclusion is required when status is completed.", DOCS.checkRuns) };
  }
  for (const field of ["summary", "text"] as const) {
    const value = input.output?.[field];
    if (value !== undefined && characterCount(value) > MAX_OUTPUT) {
      return { status: 422, json: errorBody(422, `Invalid request.\n\nOnly ${MAX_OUTPUT} characters are allowed; ${characterCount(value)} were supplied.`, DOCS.checkRuns) };
    }
  }
  return undefined;
}

function applyFields(record: CheckRunRecord, input: Fields): void {
  if (input.name !== undefined) record.name = input.name;
  if (input.details_url !== undefined) record.details_url = input.details_url;
  if (input.external_id !== undefined) record.external_id = input.external_id;
  if (input.started_at !== undefined) record.started_at = input.started_at;
  if (input.status !== undefined) record.status = input.status;
  // Giving a conclusion completes the run.
  if (input.conclusion !== undefined) {
    record.conclusion = input.conclusion;
    record.status = "completed";
  }
  if (record.status === "completed") record.completed_at = input.completed_at ?? record.completed_at ?? timestamp();
  if (input.output !== undefined) {
    const annotations = input.output.annotations ?? [];
    record.annotations.push(...annotations);
    record.output = {
      ...record.output,
      title: input.output.title,
      summary: input.output.summary,
      text: input.output.text ?? record.output.text,
      annotations_count: record.annotations.length,
    };
  }
  if (input.actions !== undefined) record.actions = input.actions;
  record.history.push(checkRunJson(record));
}

export function checkRunJson(record: CheckRunRecord): CheckRunJson {
  const { owner: _owner, repo: _repo, annotations: _annotations, actions: _actions, history: _history, ...json } = record;
  return structuredClone(json);
}

function findRun(store: Store, owner: string, repo: string, id: number): CheckRunRecord | undefined {
  const repository = store.repo(owner, repo);
  return store.checkRuns.find((run) => run.id === id && repository !== undefined && run.owner === repository.owner && run.repo === repository.name);
}

function branchHead(store: Store, repo: RepoState, ref: string): string | undefined {
  for (const pull of store.pulls.values()) if (pull.repo === repo && pull.headRef === ref) return pull.headSha;
  return undefined;
}

/** Pull requests from the same repository whose head is this commit; fork PRs never appear here. */
function pullRequestsFor(store: Store, repo: RepoState, sha: string): CheckRunJson["pull_requests"] {
  const minimalRepo = { id: repo.id, url: `${store.urls.api}${repoPath(repo)}`, name: repo.name };
  return [...store.pulls.values()]
    .filter((pull) => pull.repo === repo && pull.headRepo === repo && pull.headSha === sha)
    .map((pull) => ({
      id: pull.id,
      number: pull.number,
      url: `${store.urls.api}${repoPath(repo)}/pulls/${pull.number}`,
      head: { ref: pull.headRef, sha: pull.headSha, repo: minimalRepo },
      base: { ref: pull.baseRef, sha: pull.baseSha, repo: minimalRepo },
    }));
}
