import type { ReviewCommentToPost } from "../../core/ports.js";

/** A comment's anchor and body as GitHub's review endpoints take them; a range keeps both ends on one side. */
export function toGitHubComment(comment: ReviewCommentToPost) {
  return {
    path: comment.path,
    line: comment.line,
    side: comment.side,
    ...(comment.startLine !== undefined ? { start_line: comment.startLine, start_side: comment.side } : {}),
    body: comment.body,
  };
}
