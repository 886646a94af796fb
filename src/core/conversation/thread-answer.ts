import { describeError } from "../errors.js";
import { findingOfComment } from "../learnings/feedback.js";
import { learningFrom } from "../learnings/learning.js";
import type { ChatAnswer } from "../ports.js";
import { isOurs } from "./actors.js";
import { CODE_CONTEXT_LINES, renderThreadPrompt, type CommentedCode } from "./answer-prompt.js";
import { parseAnswer, renderAnswer, type SuggestionTarget } from "./answer-text.js";
import type { CommentEvent, ReviewCommentInfo } from "./host.js";
import { chatDisabledReply } from "./replies.js";
import { admitted, answerFailedReply, ONCE_TTL_SECONDS, usageOf, withinLimits, type CommentResult, type ConversationContext } from "./context.js";
import { decideThreadAnswer, threadOf } from "./thread.js";

interface CodeAtHead {
  readonly code: CommentedCode;
  readonly target: SuggestionTarget | undefined;
}

/** The commented lines and their surroundings in the file at the head; a suggestion target only for current new-side lines. */
async function codeAtHead(root: ReviewCommentInfo, headSha: string, ctx: ConversationContext): Promise<CodeAtHead> {
  const base: CommentedCode = { path: root.path, side: root.side, line: root.line, startLine: root.startLine, diffHunk: root.diffHunk };
  if (root.line === undefined || root.side !== "RIGHT") return { code: base, target: undefined };
  const text = await ctx.host.readFile(root.path, headSha);
  if (text === undefined) return { code: base, target: undefined };
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const first = root.startLine ?? root.line;
  const from = Math.max(1, first - CODE_CONTEXT_LINES);
  const to = Math.min(lines.length, root.line + CODE_CONTEXT_LINES);
  const range = lines.slice(first - 1, root.line);
  return {
    code: { ...base, around: { firstLine: from, lines: lines.slice(from - 1, to) } },
    target: range.length === 0 ? undefined : { range, before: lines[first - 2], after: lines[root.line] },
  };
}

/**
 * A person's review comment answered in its thread by the model: the thread, the finding, the diff hunk, the code
 * at the head and the pull request's text go into the prompt (fenced as untrusted); the plain-text answer is
 * posted as a reply. When the model withdraws its own finding, the thread is resolved and the lesson kept, so
 * later reviews do not report findings like it.
 */
export async function answerInThread(event: CommentEvent, ctx: ConversationContext, options: { readonly mentioned: boolean }): Promise<CommentResult> {
  const comments = await ctx.host.listReviewComments();
  const comment = { id: event.id, author: event.author, body: event.body, inReplyTo: event.inReplyTo };
  const decision = decideThreadAnswer({ comment, comments, identity: ctx.identity, chat: ctx.config.chat, mentioned: options.mentioned });
  if (decision.kind === "skip") {
    if (decision.reason === "chat-disabled" && options.mentioned) {
      const key = `chat-off:${ctx.repository}#${event.pullNumber}:${event.author.login.toLowerCase()}`;
      if (await ctx.store.firstTime(key, ONCE_TTL_SECONDS)) await ctx.host.replyInThread(event.inReplyTo ?? event.id, chatDisabledReply());
    }
    return { action: "answer", outcome: "ignored", reason: decision.reason };
  }
  const root = comments.find((c) => c.id === decision.rootId);
  if (root === undefined) return { action: "answer", outcome: "ignored", reason: "the thread's first comment is gone" };
  const to = { kind: "review", rootId: root.id } as const;
  if (!(await admitted(event, { name: "answer" }, ctx, to))) return { action: "answer", outcome: "denied" };
  if (!(await withinLimits(event, ctx, to))) return { action: "answer", outcome: "limited", reason: "over the operator's limits" };
  await ctx.host.addReaction(event, "eyes");

  const pullRequest = await ctx.host.pullRequest();
  const { code, target } = await codeAtHead(root, pullRequest.headSha, ctx);
  const finding = decision.rootIsOurs ? findingOfComment(root.body) : undefined;
  const thread = threadOf(comment, comments).map((c) => ({ author: c.author.login, byApp: isOurs(c.author, ctx.identity), body: c.body }));
  const prompt = renderThreadPrompt({
    pullRequest: { number: pullRequest.number, title: pullRequest.title, body: pullRequest.body },
    thread,
    isFinding: finding !== undefined,
    code,
  });
  let answer: ChatAnswer;
  try {
    answer = await ctx.model.answer(prompt, ctx.signal);
  } catch (error) {
    if (ctx.signal?.aborted === true) throw error;
    ctx.log.warn({ err: error, thread: root.id }, "could not answer in a review thread");
    await ctx.host.replyInThread(root.id, answerFailedReply(error));
    return { action: "answer", outcome: "failed", reason: describeError(error), usage: usageOf(error) };
  }
  const { usage } = answer;
  const parsed = parseAnswer(answer.text);
  if (parsed.text === "") return { action: "answer", outcome: "failed", reason: "the answer held only its verdict", usage };
  await ctx.host.replyInThread(root.id, renderAnswer(parsed.text, target, ctx.policy));

  if (parsed.verdict === "withdrawn" && finding !== undefined) {
    const resolution = await ctx.host.resolveThread(root.id);
    ctx.log.info({ thread: root.id, resolution }, "finding withdrawn in its thread");
    if (ctx.config.learnings.enabled) {
      await ctx.store.save(
        ctx.repository,
        learningFrom({
          title: finding.title,
          path: root.path,
          severity: finding.severity,
          verdict: "dismissed",
          source: "conceded",
          by: event.author.login,
          pullNumber: event.pullNumber,
          commentId: root.id,
          at: new Date(ctx.now()).toISOString(),
        }),
      );
    }
  }
  return { action: "answer", outcome: "done", usage };
}
