import { STATUS_CODES } from "node:http";
import type { z } from "zod";
import type { RouteResponse } from "./router.js";

export const DOCS = {
  root: "https://docs.github.com/rest",
  createToken: "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
  contents: "https://docs.github.com/rest/repos/contents#get-repository-content",
  reviews: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
  reviewComments: "https://docs.github.com/rest/pulls/comments#create-a-review-comment-for-a-pull-request",
  replies: "https://docs.github.com/rest/pulls/comments#create-a-reply-for-a-review-comment",
  graphql: "https://docs.github.com/graphql",
  issueComments: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
  checkRuns: "https://docs.github.com/rest/checks/runs#create-a-check-run",
  commitPulls: "https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit",
  secondaryRateLimit: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  primaryRateLimit: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
} as const;

/**
 * Validation messages. Those marked "seen" are copied from real GitHub responses quoted in public issue
 * trackers; the others are plausible wordings for rules GitHub documents without quoting its message.
 */
export const MESSAGES = {
  pathInvalid: "Pull request review thread path is invalid", // seen
  lineNotInDiff: "Pull request review thread line must be part of the diff", // seen
  hunkBlank: "Pull request review thread diff hunk can't be blank", // seen, always next to the two above
  startLineSameHunk: "Pull request review thread start line must be part of the same hunk as the line.", // seen
  startLinePrecedes: "Pull request review thread start line must precede the end line.", // seen
  positionInvalid: "Pull request review thread position is invalid",
  onePendingReview: "User can only have one pending review per pull request", // seen
  requestChangesNeedsBody: "You need to leave a comment indicating the requested changes.", // seen
  bodyBlank: "Body can't be blank",
  replyToReply: "Replies to replies are not supported: reply to the thread's first comment",
  bodyTooLong: (max: number) => `Body is too long (maximum is ${max} characters)`, // seen
  unknownCommit: (sha: string) => `No commit found for SHA: ${sha}`, // seen on check runs and statuses
} as const;

/** Rails' `to_sentence`, which GitHub uses to join several errors of one review thread into one string. */
export function toSentence(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, and ${items.at(-1)}`;
}

export function errorBody(status: number, message: string, documentationUrl: string = DOCS.root): Record<string, string> {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

export function notFound(documentationUrl: string = DOCS.root): RouteResponse {
  return { status: 404, json: errorBody(404, "Not Found", documentationUrl) };
}

/** The `validation-error-simple` shape: what the review endpoints answer for a semantic problem. */
export function unprocessable(errors: readonly string[], documentationUrl: string): RouteResponse {
  return { status: 422, json: { message: "Unprocessable Entity", errors, documentation_url: documentationUrl, status: "422" } };
}

/** The `validation-error` shape used by issue comments and most other Rails-backed endpoints. */
export function validationFailed(
  errors: readonly { resource: string; code: string; field: string; message?: string }[],
  documentationUrl: string,
): RouteResponse {
  return { status: 422, json: { message: "Validation Failed", errors, documentation_url: documentationUrl, status: "422" } };
}

/** GitHub checks request bodies against a JSON schema first and answers a malformed one like this. */
export function invalidRequest(error: z.ZodError, documentationUrl: string): RouteResponse {
  const details = error.issues.map((issue) => {
    const where = issue.path.length === 0 ? "the request body" : `'${issue.path.map(String).join("/")}'`;
    return `For ${where}, ${issue.message}.`;
  });
  return { status: 422, json: errorBody(422, `Invalid request.\n\n${details.join("\n")}`, documentationUrl) };
}

export function statusBody(status: number, documentationUrl: string = DOCS.root): Record<string, string> {
  return errorBody(status, STATUS_CODES[status] ?? `HTTP ${status}`, documentationUrl);
}

/** Ruby counts a string's length in code points, not UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}
