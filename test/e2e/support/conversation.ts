import type { ChatCompletion } from "openai/resources/chat/completions";
import type { FakeGitHub, ReviewCommentRecord } from "../../helpers/fake-github.js";
import { textCompletion, toolCallCompletion, type ChatRequest, type Respond } from "../../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";
import { issueCommentPayload, reviewCommentPayload, type DeliveryResult } from "../../helpers/webhooks.js";
import type { AppUnderTest } from "./app-under-test.js";
import { BASE_SHA, HEAD_SHA, INSTALLATION_ID, OWNER, REPO } from "./scenario.js";

export const SECOND_HEAD = "c".repeat(40);
export const THIRD_HEAD = "d".repeat(40);
/** Who opened the pull requests of these tests. */
export const PR_AUTHOR = "octocat";
/** A maintainer with write permission; tests give other people other roles. */
export const MAINTAINER = "maria";

/** src/cache.ts: the base, the first head (line 21 an assignment in a condition), and later heads. */
export const BASE_FILE = numberedLines(30);
export const FIRST_FILE = numberedLines(30, (n) => (n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : `line ${n}`));
/** The same mistake moved and reworded: a different fingerprint, the same finding. */
export const SECOND_FILE = numberedLines(30, (n) =>
  n === 20 ? ["line 20", "if (entry = null) {", "  evict(entry);"] : n === 26 ? ["line 26", "if (other = null) {", "  drop(other);"] : `line ${n}`,
);

export const cacheFile = (patch: string) => ({ filename: "src/cache.ts", status: "modified" as const, patch });

export const ASSIGNMENT = { path: "src/cache.ts", line: 21, severity: "critical", title: "Assignment instead of comparison", body: "`entry = null` assigns." };
export const ASSIGNMENT_AGAIN = { path: "src/cache.ts", line: 28, severity: "critical", title: "Assignment instead of comparison", body: "`other = null` assigns." };

/** Review calls carry the review tool; answers in threads and /ask do not. */
export function isReviewRequest(request: ChatRequest): boolean {
  return (request.tools ?? []).length > 0;
}

/**
 * The fake model as both reviewer and conversation partner: review calls get `reviews[n]` (the n-th review call's
 * findings; none after the list), plain calls get `answer(request)`.
 */
export function reviewerAndChat(reviews: readonly (readonly object[])[], answer: (request: ChatRequest) => string = () => "An answer.\nverdict: stands"): Respond {
  let reviewCalls = 0;
  return (request): ChatCompletion => {
    if (!isReviewRequest(request)) return textCompletion(answer(request));
    const findings = reviews[reviewCalls] ?? [];
    reviewCalls += 1;
    return toolCallCompletion("submit_review", { summary: `Review ${reviewCalls}.`, findings });
  };
}

export function userText(request: ChatRequest | undefined): string {
  const message = request?.messages.find((m) => m.role === "user");
  return typeof message?.["content"] === "string" ? message["content"] : "";
}

export function openCachePullRequest(github: FakeGitHub, number = 7, headSha = HEAD_SHA): void {
  github.addPullRequest({
    owner: OWNER, repo: REPO, number, title: "Cache lookups", body: "Adds a cache.", headSha, baseSha: BASE_SHA, author: PR_AUTHOR,
    files: [cacheFile(gitPatch(BASE_FILE, FIRST_FILE))],
  });
  github.setFile(OWNER, REPO, "src/cache.ts", FIRST_FILE, headSha);
}

/** A push GitHub sent no webhook for (or one the test delivers itself). */
export function pushSecondHead(github: FakeGitHub, number = 7, to = SECOND_HEAD, file = SECOND_FILE, previousFile = FIRST_FILE): void {
  github.pushToPullRequest({
    owner: OWNER, repo: REPO, number, headSha: to,
    files: [cacheFile(gitPatch(BASE_FILE, file))],
    compareWithPrevious: { status: "ahead", files: [cacheFile(gitPatch(previousFile, file))] },
  });
  github.setFile(OWNER, REPO, "src/cache.ts", file, to);
}

/** A person writes a comment in the pull request's conversation; GitHub delivers `issue_comment.created`. */
export async function personComments(github: FakeGitHub, app: AppUnderTest, body: string, author = MAINTAINER, number = 7): Promise<{ id: number; delivery: DeliveryResult }> {
  const id = github.addPersonIssueComment({ owner: OWNER, repo: REPO, number, author, body });
  const comment = github.issueComments.find((c) => c.id === id);
  if (comment === undefined) throw new Error("comment not stored");
  const delivery = await app.deliver("issue_comment", issueCommentPayload("created", { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: number, pullRequestAuthor: PR_AUTHOR, comment }));
  return { id, delivery };
}

/** Delivers `pull_request_review_comment.<action>` for a review comment the fake holds. */
export function deliverReviewComment(app: AppUnderTest, comment: ReviewCommentRecord, action: "created" | "edited" = "created"): Promise<DeliveryResult> {
  const pull = { headSha: HEAD_SHA, baseSha: BASE_SHA };
  return app.deliver("pull_request_review_comment", reviewCommentPayload(action, { owner: OWNER, repo: REPO, installationId: INSTALLATION_ID, pullNumber: comment.pull_number, pullRequestAuthor: PR_AUTHOR, comment, ...pull }));
}

/** A person replies in the review thread that starts with `rootId`; GitHub delivers the comment. */
export async function personReplies(github: FakeGitHub, app: AppUnderTest, rootId: number, body: string, author = MAINTAINER, number = 7): Promise<ReviewCommentRecord> {
  const id = github.addPersonReviewComment({ owner: OWNER, repo: REPO, number, author, body, inReplyTo: rootId });
  const comment = github.reviewComments.find((c) => c.id === id);
  if (comment === undefined) throw new Error("reply not stored");
  await deliverReviewComment(app, comment);
  return comment;
}

/** The first comment of our review on `number` (the finding on `line`). */
export function ourFinding(github: FakeGitHub, line: number, number = 7): ReviewCommentRecord {
  const found = github.reviewComments.find((c) => c.pull_number === number && c.user.type === "Bot" && c.in_reply_to_id === undefined && c.line === line);
  if (found === undefined) throw new Error(`no finding of ours on line ${line} of #${number}`);
  return found;
}

/** Comments the app wrote after the summary: its replies in the conversation. */
export function botConversationReplies(github: FakeGitHub): string[] {
  return github.issueComments.filter((c) => c.user.type === "Bot" && !(c.body ?? "").includes("<!-- pr-reviewer:summary -->")).map((c) => c.body ?? "");
}

export function reactionsOn(github: FakeGitHub, commentId: number): string[] {
  return github.reactions.filter((r) => r.commentId === commentId).map((r) => `${r.user.login}:${r.content}`);
}
