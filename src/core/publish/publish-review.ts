import type { InlineComment } from "../findings/place-findings.js";
import type { Logger, PullRequestHost, ReviewCommentToPost } from "../ports.js";
import type { OutputPolicy } from "../trust/sanitise-output.js";
import { AnchorRejectedError } from "./publish-errors.js";
import { renderInlineComment } from "./render-comment.js";
import { renderReviewBody, type FailedComment } from "./render-review-body.js";
import { outputPolicyOf, type ReviewReport } from "./review-report.js";

export interface PublishedReview {
  readonly posted: boolean;
  /** Comments GitHub refused even one at a time; listed in the review body. */
  readonly failed: readonly FailedComment[];
}

function toPost(comment: InlineComment, policy: OutputPolicy): ReviewCommentToPost {
  return {
    path: comment.path,
    line: comment.line,
    side: comment.side,
    ...(comment.startLine === undefined ? {} : { startLine: comment.startLine }),
    body: renderInlineComment(comment, policy),
  };
}

/**
 * Posts one review (event COMMENT, on the reviewed head) with all inline comments, when there is anything to
 * say inline or in its body. Placement vouches for every anchor, so a 422 is a bug: it is logged as an error,
 * and as a safety net the comments are posted one at a time, the refused ones listed in the review body.
 */
export async function publishReview(host: PullRequestHost, log: Logger, report: ReviewReport): Promise<PublishedReview> {
  const policy = outputPolicyOf(report);
  const comments = report.selection.comments.map((comment) => toPost(comment, policy));
  if (comments.length === 0 && report.selection.inBody.length === 0) return { posted: false, failed: [] };
  const commitId = report.headSha;
  try {
    await host.postReview({ commitId, body: renderReviewBody(report), comments });
    return { posted: true, failed: [] };
  } catch (error) {
    if (!(error instanceof AnchorRejectedError)) throw error;
    log.error({ err: error, comments: comments.length }, "GitHub refused the review's anchors (a placement bug); posting the comments one at a time");
  }
  const failed: FailedComment[] = [];
  for (const comment of comments) {
    try {
      await host.postReviewComment(commitId, comment);
    } catch (error) {
      if (!(error instanceof AnchorRejectedError)) throw error;
      log.error({ err: error, path: comment.path, line: comment.line, side: comment.side }, "GitHub refused a comment's anchor");
      failed.push({ path: comment.path, line: comment.line, body: comment.body, error: error.message });
    }
  }
  await host.postReview({ commitId, body: renderReviewBody(report, failed), comments: [] });
  return { posted: true, failed };
}
