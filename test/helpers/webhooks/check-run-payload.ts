import { z } from "zod";
import { examplePayload, withRepositoryUrls } from "./examples.js";
import { linkedPullRequests, retarget, type LinkedPullRequest } from "./retarget-example.js";

export type CheckRunAction = "rerequested" | "requested_action";

export interface CheckRunPayloadOptions {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly checkRunId: number;
  readonly headSha: string;
  readonly name: string;
  /** The app that owns the check run; GitHub only sends these events to it. */
  readonly appId: number;
  readonly externalId?: string;
  /** Pull requests GitHub links to the run: empty for runs on fork PRs. */
  readonly pullRequests?: readonly LinkedPullRequest[];
  /** For `requested_action`: the identifier of the clicked button. */
  readonly identifier?: string;
}

const CheckRunEventSchema = z.looseObject({
  action: z.string(),
  check_run: z.looseObject({
    id: z.number(),
    head_sha: z.string(),
    external_id: z.string().nullable(),
    name: z.string(),
    check_suite: z.looseObject({ head_sha: z.string() }),
    app: z.looseObject({ id: z.number() }),
    pull_requests: z.array(z.unknown()),
  }),
  requested_action: z.looseObject({ identifier: z.string() }).optional(),
  repository: z.looseObject({ id: z.number(), name: z.string(), full_name: z.string(), owner: z.looseObject({ login: z.string() }) }),
  installation: z.looseObject({ id: z.number() }).optional(),
});
export type CheckRunEventPayload = z.infer<typeof CheckRunEventSchema>;

/** A real `check_run.<action>` payload from @octokit/webhooks-examples, rewritten to name the given run. */
export function checkRunPayload(action: CheckRunAction, options: CheckRunPayloadOptions): CheckRunEventPayload {
  const example = CheckRunEventSchema.parse(examplePayload("check_run", action));
  const fullName = `${options.owner}/${options.repo}`;
  const payload = CheckRunEventSchema.parse(withRepositoryUrls(example, fullName));
  const run = payload.check_run;
  run.id = options.checkRunId;
  run.head_sha = options.headSha;
  run.check_suite.head_sha = options.headSha;
  run.name = options.name;
  run.external_id = options.externalId ?? "";
  run.app.id = options.appId;
  run.pull_requests = linkedPullRequests(payload.repository, options.owner, options.repo, options.pullRequests ?? []);
  retarget(payload, options.owner, options.repo, options.installationId);
  if (action === "requested_action") payload.requested_action = { identifier: options.identifier ?? "rerun" };
  else delete payload.requested_action;
  return payload;
}
