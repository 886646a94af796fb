import type { ExistingReviewComment, Logger, PullRequestHost, ThreadResolution } from "../ports.js";
import { hiddenMarker } from "../publish/markdown.js";
import { codeText } from "../trust/sanitise-output.js";
import { fingerprintInBody } from "../publish/render-comment.js";
import type { ClosedFinding } from "./track-findings.js";

/** Marks our reply in a thread we closed, so the thread is answered once only. */
export const CLOSED_MARKER = hiddenMarker("closed");

export interface ClosedThread {
  readonly commentId: number;
  readonly resolution: ThreadResolution | "reply-failed";
}

function replyText(closed: ClosedFinding, headSha: string): string {
  const sha = headSha.slice(0, 7);
  const text =
    closed.reason === "rewritten"
      ? `This was addressed in ${sha}: the lines this comment pointed at have changed.`
      : `Outdated: ${codeText(closed.finding.path)} is no longer changed by this pull request as of ${sha}.`;
  return `${text}\n\n${CLOSED_MARKER}`;
}

/**
 * Answers and resolves the threads of our own comments whose lines a push removed or rewrote. Only comments
 * written by a bot and carrying our fingerprint marker are touched; a thread we already answered is skipped.
 * A failure here costs only the tidy-up, never the review.
 */
export async function closeAddressedThreads(
  host: PullRequestHost,
  log: Logger,
  closed: readonly ClosedFinding[],
  comments: readonly ExistingReviewComment[],
  headSha: string,
): Promise<ClosedThread[]> {
  const answered = new Set(comments.filter((c) => c.byBot && c.inReplyTo !== undefined && c.body.includes(CLOSED_MARKER)).map((c) => c.inReplyTo));
  const results: ClosedThread[] = [];
  for (const item of closed) {
    const roots = comments.filter(
      (c) => c.byBot && c.inReplyTo === undefined && !answered.has(c.id) && fingerprintInBody(c.body) === item.finding.fingerprint,
    );
    for (const root of roots) {
      try {
        await host.replyToReviewComment(root.id, replyText(item, headSha));
      } catch (error) {
        log.warn({ err: error, commentId: root.id }, "could not answer an outdated review thread");
        results.push({ commentId: root.id, resolution: "reply-failed" });
        continue;
      }
      try {
        const resolution = await host.resolveReviewThread(root.id);
        if (resolution === "not-permitted") log.warn({ commentId: root.id }, "the app may not resolve review threads here; the thread was answered but left open");
        results.push({ commentId: root.id, resolution });
      } catch (error) {
        log.warn({ err: error, commentId: root.id }, "could not resolve an outdated review thread");
        results.push({ commentId: root.id, resolution: "not-found" });
      }
    }
  }
  return results;
}
