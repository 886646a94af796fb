import { z } from "zod";
import { examplePayload, withRepositoryUrls } from "./examples.js";
import { linkedPullRequests, retarget, type LinkedPullRequest } from "./retarget-example.js";

export type CheckSuiteAction = "rerequested";

export interface CheckSuitePayloadOptions {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly checkSuiteId: number;
  readonly headSha: string;
  /** The app that owns the suite; GitHub sends `rerequested` to it, but the app checks (another app's suite is not ours). */
  readonly appId: number;
  /** The suite's branch; GitHub sends null for a branch in a fork. Default `feature-<first PR>` or null without PRs. */
  readonly headBranch?: string | null;
  /** Pull requests GitHub links to the suite: empty for suites on fork PRs. */
  readonly pullRequests?: readonly LinkedPullRequest[];
}

const CheckSuiteEventSchema = z.looseObject({
  action: z.string(),
  check_suite: z.looseObject({
    id: z.number(),
    head_sha: z.string(),
    head_branch: z.string().nullable(),
    app: z.looseObject({ id: z.number() }),
    pull_requests: z.array(z.unknown()),
  }),
  repository: z.looseObject({ id: z.number(), name: z.string(), full_name: z.string(), owner: z.looseObject({ login: z.string() }) }),
  installation: z.looseObject({ id: z.number() }).optional(),
});
export type CheckSuiteEventPayload = z.infer<typeof CheckSuiteEventSchema>;

/** A real `check_suite.<action>` payload from @octokit/webhooks-examples (GitHub's "Re-run all checks"), rewritten to name the given suite. */
export function checkSuitePayload(action: CheckSuiteAction, options: CheckSuitePayloadOptions): CheckSuiteEventPayload {
  const example = CheckSuiteEventSchema.parse(examplePayload("check_suite", action));
  const fullName = `${options.owner}/${options.repo}`;
  const payload = CheckSuiteEventSchema.parse(withRepositoryUrls(example, fullName));
  const suite = payload.check_suite;
  const pullRequests = options.pullRequests ?? [];
  suite.id = options.checkSuiteId;
  suite.head_sha = options.headSha;
  suite.after = options.headSha;
  suite.app.id = options.appId;
  suite.head_branch = options.headBranch === undefined ? (pullRequests[0] === undefined ? null : (pullRequests[0].headRef ?? `feature-${pullRequests[0].number}`)) : options.headBranch;
  suite.pull_requests = linkedPullRequests(payload.repository, options.owner, options.repo, pullRequests);
  retarget(payload, options.owner, options.repo, options.installationId);
  return payload;
}
