import { z } from "zod";

/** The pull_request actions that mean "there is new code to review", as for the App. */
export const REVIEW_ACTIONS = ["opened", "reopened", "synchronize", "ready_for_review"] as const;

export interface PullRequestSnapshot {
  readonly title: string;
  readonly body: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly draft: boolean;
}

export type ActionEvent =
  | {
      readonly kind: "pull-request";
      readonly owner: string;
      readonly repo: string;
      readonly number: number;
      readonly action: string;
      readonly pullRequest: PullRequestSnapshot;
    }
  | { readonly kind: "comment"; readonly owner: string; readonly repo: string; readonly number: number; readonly commentId: number; readonly payload: unknown }
  | { readonly kind: "ignored"; readonly reason: string };

const RepositorySchema = z.looseObject({ name: z.string(), owner: z.looseObject({ login: z.string() }) });

const PullRequestEventSchema = z.looseObject({
  action: z.string(),
  repository: RepositorySchema,
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    state: z.string(),
    title: z.string(),
    body: z.string().nullable().optional(),
    draft: z.boolean().optional(),
    head: z.looseObject({ sha: z.string() }),
    base: z.looseObject({ sha: z.string() }),
  }),
});

const IssueCommentEventSchema = z.looseObject({
  action: z.string(),
  repository: RepositorySchema,
  issue: z.looseObject({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.looseObject({ id: z.number() }),
});

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
}

/**
 * What the workflow run is about, from `GITHUB_EVENT_NAME` and the payload in `GITHUB_EVENT_PATH`.
 * `pull_request` and `pull_request_target` are the same to the review: it reads the pull request through the
 * API and never runs or checks out its code, so the event that grants a fork's pull request the secrets is safe.
 */
export function readActionEvent(eventName: string, payload: unknown): ActionEvent {
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const parsed = PullRequestEventSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`the ${eventName} event payload is not a pull request event: ${describeIssues(parsed.error)}`);
    const { action, repository, pull_request: pr } = parsed.data;
    if (!REVIEW_ACTIONS.some((a) => a === action)) {
      return { kind: "ignored", reason: `${eventName}.${action} brings no new code to review (reviewed: ${REVIEW_ACTIONS.join(", ")})` };
    }
    if (pr.state !== "open") return { kind: "ignored", reason: `pull request #${pr.number} is ${pr.state}` };
    return {
      kind: "pull-request",
      owner: repository.owner.login,
      repo: repository.name,
      number: pr.number,
      action,
      pullRequest: { title: pr.title, body: pr.body ?? "", headSha: pr.head.sha, baseSha: pr.base.sha, draft: pr.draft ?? false },
    };
  }
  if (eventName === "issue_comment") {
    const parsed = IssueCommentEventSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`the issue_comment event payload is not an issue comment event: ${describeIssues(parsed.error)}`);
    const { repository, issue, comment } = parsed.data;
    if (issue.pull_request === undefined || issue.pull_request === null) return { kind: "ignored", reason: `#${issue.number} is an issue, not a pull request` };
    if (parsed.data.action !== "created") return { kind: "ignored", reason: `issue_comment.${parsed.data.action}: only new comments can be commands` };
    return { kind: "comment", owner: repository.owner.login, repo: repository.name, number: issue.number, commentId: comment.id, payload };
  }
  return {
    kind: "ignored",
    reason: `pr-reviewer reviews pull_request and pull_request_target events (and answers issue_comment); this run is for ${eventName || "no event"}`,
  };
}
