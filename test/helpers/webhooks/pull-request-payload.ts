import { z } from "zod";
import { examplePayload } from "./examples.js";
import { renameRepository } from "./retarget-example.js";

export type PullRequestAction = "opened" | "reopened" | "synchronize" | "ready_for_review" | "converted_to_draft" | "edited" | "closed";

export interface PullRequestPayloadOptions {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly installationId: number;
  readonly draft?: boolean;
  readonly title?: string;
  readonly body?: string | null;
  readonly headRef?: string;
  readonly baseRef?: string;
  /** For `synchronize`: the head before the push (default: the example's). */
  readonly beforeSha?: string;
  /** The fork the PR comes from; `null` for a deleted fork. Defaults to the base repository. */
  readonly headRepo?: { readonly owner: string; readonly repo: string } | null;
  /** Who caused the event (default: the example's human user). */
  readonly sender?: { readonly login: string; readonly type: "User" | "Bot" };
  /** The pull request's author (default: the example's). */
  readonly author?: string;
}

const OwnerSchema = z.looseObject({ login: z.string() });
const RepositorySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: OwnerSchema,
  fork: z.boolean().optional(),
  default_branch: z.string().optional(),
});
const BranchSchema = z.looseObject({ label: z.string(), ref: z.string(), sha: z.string(), user: OwnerSchema, repo: RepositorySchema.nullable() });

/** The fields an app reads from a pull_request event, and that this helper rewrites. */
const PullRequestEventSchema = z.looseObject({
  action: z.string(),
  number: z.number(),
  pull_request: z.looseObject({
    number: z.number(),
    title: z.string(),
    body: z.string().nullable(),
    draft: z.boolean(),
    state: z.string(),
    user: OwnerSchema,
    head: BranchSchema,
    base: BranchSchema.extend({ repo: RepositorySchema }),
  }),
  repository: RepositorySchema,
  installation: z.looseObject({ id: z.number() }).optional(),
  sender: z.looseObject({ login: z.string(), type: z.string() }),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type PullRequestEventPayload = z.infer<typeof PullRequestEventSchema>;

/**
 * A real `pull_request.<action>` payload from @octokit/webhooks-examples, rewritten to describe the given
 * pull request. Every URL naming the example repository is rewritten too.
 */
export function pullRequestPayload(action: PullRequestAction, options: PullRequestPayloadOptions): PullRequestEventPayload {
  const example = PullRequestEventSchema.parse(examplePayload("pull_request", action));
  const oldFullName = example.repository.full_name;
  const oldNumber = example.number;
  const fullName = `${options.owner}/${options.repo}`;
  const renamed = JSON.parse(
    JSON.stringify(example)
      .replaceAll(`/${oldFullName}/pulls/${oldNumber}`, `/${fullName}/pulls/${options.number}`)
      .replaceAll(`/${oldFullName}/pull/${oldNumber}`, `/${fullName}/pull/${options.number}`)
      .replaceAll(`/${oldFullName}/issues/${oldNumber}`, `/${fullName}/issues/${options.number}`)
      .replaceAll(`/${oldFullName}`, `/${fullName}`),
  );
  const payload = PullRequestEventSchema.parse(renamed);

  renameRepository(payload.repository, options.owner, options.repo);
  const pr = payload.pull_request;
  payload.action = action;
  payload.number = options.number;
  pr.number = options.number;
  pr.state = action === "closed" ? "closed" : "open";
  pr.draft = options.draft ?? false;
  if (options.title !== undefined) pr.title = options.title;
  if (options.body !== undefined) pr.body = options.body;
  if (options.author !== undefined) pr.user.login = options.author;

  pr.base.sha = options.baseSha;
  pr.base.ref = options.baseRef ?? payload.repository.default_branch ?? "main";
  pr.base.label = `${options.owner}:${pr.base.ref}`;
  pr.base.user.login = options.owner;
  pr.base.repo = structuredClone(payload.repository);

  const headRepo = options.headRepo === undefined ? { owner: options.owner, repo: options.repo } : options.headRepo;
  pr.head.sha = options.headSha;
  pr.head.ref = options.headRef ?? `feature-${options.number}`;
  pr.head.label = `${headRepo?.owner ?? options.owner}:${pr.head.ref}`;
  if (headRepo === null) {
    pr.head.repo = null;
  } else {
    const fork = structuredClone(payload.repository);
    renameRepository(fork, headRepo.owner, headRepo.repo);
    fork.fork = headRepo.owner !== options.owner || headRepo.repo !== options.repo;
    // A fork is a repository of its own, with its own id (the example's head is its base repository).
    if (fork.fork) fork.id = payload.repository.id + 1;
    pr.head.repo = fork;
    pr.head.user.login = headRepo.owner;
  }

  payload.installation = { ...payload.installation, id: options.installationId };
  if (options.sender !== undefined) {
    payload.sender.login = options.sender.login;
    payload.sender.type = options.sender.type;
  }
  if (action === "synchronize") {
    payload.after = options.headSha;
    payload.before = options.beforeSha ?? payload.before ?? "0".repeat(40);
  } else {
    delete payload.before;
    delete payload.after;
  }
  return payload;
}
