import { isBotActor, isOurFinding, isOurs, type Actor, type AppIdentity } from "./actors.js";

/** A review comment as the thread logic needs it. */
export interface ReviewThreadComment {
  readonly id: number;
  readonly author: Pick<Actor, "login" | "type">;
  readonly body: string;
  /** The thread's first comment, for a reply; GitHub threads every reply under the first comment. */
  readonly inReplyTo?: number | undefined;
}

/** Answers of ours per thread at most: a conversation that needs more needs a person, and a loop ends here. */
export const MAX_ANSWERS_PER_THREAD = 5;

export type ThreadDecision =
  | { readonly kind: "answer"; readonly rootId: number; readonly rootIsOurs: boolean }
  | { readonly kind: "skip"; readonly reason: ThreadSkipReason };

/**
 * - `bot`: the comment is a bot's, or ours (a personal token's account is no bot): neither ever gets an answer;
 * - `not-addressed`: neither a reply in one of our threads (with `chat.auto_reply`) nor a mention of the app;
 * - `chat-disabled`: addressed, but `chat.enabled` is false;
 * - `not-latest`: someone wrote in the thread since; the newest comment is the one to answer;
 * - `cap`: we already answered MAX_ANSWERS_PER_THREAD times in this thread.
 */
export type ThreadSkipReason = "bot" | "not-addressed" | "chat-disabled" | "not-latest" | "cap";

export interface ThreadAnswerInput {
  readonly comment: ReviewThreadComment;
  /** Every review comment of the pull request (or at least those of the comment's thread). */
  readonly comments: readonly ReviewThreadComment[];
  readonly identity: AppIdentity;
  readonly chat: { readonly enabled: boolean; readonly auto_reply: boolean };
  /** The comment mentions the app outside code and quotes. */
  readonly mentioned: boolean;
}

/** The thread of a review comment: its first comment, then the replies in the order GitHub gave them ids. */
export function threadOf(comment: ReviewThreadComment, comments: readonly ReviewThreadComment[]): ReviewThreadComment[] {
  const rootId = comment.inReplyTo ?? comment.id;
  const members = comments.filter((c) => c.id === rootId || c.inReplyTo === rootId);
  if (!members.some((c) => c.id === comment.id)) members.push(comment);
  return members.sort((a, b) => a.id - b.id);
}

/** Whether a person's review comment gets an answer from the model in its thread, and why not when it does not. */
export function decideThreadAnswer(input: ThreadAnswerInput): ThreadDecision {
  const { comment, identity } = input;
  if (isBotActor(comment.author) || isOurs(comment.author, identity)) return { kind: "skip", reason: "bot" };
  const thread = threadOf(comment, input.comments);
  const root = thread[0] ?? comment;
  const rootIsOurs = root.id !== comment.id && isOurFinding(root, identity);
  const addressed = input.mentioned || (rootIsOurs && input.chat.auto_reply);
  if (!addressed) return { kind: "skip", reason: "not-addressed" };
  if (!input.chat.enabled) return { kind: "skip", reason: "chat-disabled" };
  if (thread.at(-1)?.id !== comment.id) return { kind: "skip", reason: "not-latest" };
  const answers = thread.filter((c) => c.id !== root.id && isOurs(c.author, identity)).length;
  if (answers >= MAX_ANSWERS_PER_THREAD) return { kind: "skip", reason: "cap" };
  return { kind: "answer", rootId: root.id, rootIsOurs };
}
