import { selectFiles } from "../diff/select-files.js";
import { describeError } from "../errors.js";
import { orderByImportance } from "../plan/prioritize.js";
import { renderFileDiff } from "../prompt/render-diff.js";
import { scanForSecrets } from "../secrets/secret-findings.js";
import { isBotActor, isOurFinding, isOurs } from "./actors.js";
import { renderAskPrompt } from "./answer-prompt.js";
import { parseAnswer, renderAnswer } from "./answer-text.js";
import { spendsTokens, type Command } from "./commands.js";
import {
  admitted, answerFailedReply, replyTargetOf, say, sayOnce, usageOf, withinLimits, type CommentResult, type ConversationContext, type ReplyTarget,
} from "./context.js";
import type { CommentEvent } from "./host.js";
import { parseComment } from "./parse-comment.js";
import { summaryWithPause } from "./pause.js";
import {
  chatDisabledReply, forgetReply, helpReply, learningsDisabledReply, learningsReply, unknownCommandReply, usageReply,
} from "./replies.js";
import { answerInThread } from "./thread-answer.js";

export type { CommentResult, ConversationContext, Outcome, ReplyTarget } from "./context.js";

/** Why `/ask` cannot be answered before anything is spent on it (chat off, no question), said where it was asked. */
async function askRefused(question: string, ctx: ConversationContext, to: ReplyTarget): Promise<CommentResult | undefined> {
  if (!ctx.config.chat.enabled) {
    await say(ctx.host, to, chatDisabledReply());
    return { action: "ask", outcome: "ignored", reason: "chat.enabled is false" };
  }
  if (question.trim() === "") {
    await say(ctx.host, to, usageReply("ask"));
    return { action: "ask", outcome: "ignored", reason: "no question" };
  }
  return undefined;
}

async function ask(event: CommentEvent, question: string, ctx: ConversationContext, to: ReplyTarget): Promise<CommentResult> {
  const [pullRequest, listed] = await Promise.all([ctx.host.pullRequest(), ctx.host.listFiles()]);
  // As for a review: secrets are redacted from the patches, and files of credentials are left out by the selection.
  const { files } = scanForSecrets(listed);
  const selection = selectFiles(files, { ignore: ctx.config.ignore, useDefaultIgnore: ctx.config.use_default_ignore });
  const diffSections = orderByImportance(selection.reviewable).map((file) => renderFileDiff(file));
  const prompt = renderAskPrompt({
    pullRequest: { number: pullRequest.number, title: pullRequest.title, body: pullRequest.body },
    question,
    asker: event.author.login,
    diffSections,
    // Room for the instructions, the description and the question; the rest of the budget is the diff's.
    // The repository's limits (capped by the operator's) bound an answer's diff as they bound a review's.
    diffBudgetTokens: Math.min(ctx.config.max_prompt_tokens, Math.max(1000, ctx.promptBudgetTokens - 6000)),
    maxFiles: ctx.config.max_files,
  });
  try {
    const answer = await ctx.model.answer(prompt, ctx.signal);
    const { text } = parseAnswer(answer.text);
    const quoted = question.split("\n", 1)[0]?.trim() ?? "";
    const lead = quoted === "" ? "" : `> ${quoted.length > 200 ? `${quoted.slice(0, 199)}…` : quoted}\n\n`;
    await say(ctx.host, to, renderAnswer(`${lead}${text}`, undefined, ctx.policy));
    return { action: "ask", outcome: "done", usage: answer.usage };
  } catch (error) {
    if (ctx.signal?.aborted === true) throw error;
    ctx.log.warn({ err: error }, "could not answer /ask");
    await say(ctx.host, to, answerFailedReply(error));
    return { action: "ask", outcome: "failed", reason: describeError(error), usage: usageOf(error) };
  }
}

async function pauseOrResume(event: CommentEvent, pause: boolean, ctx: ConversationContext): Promise<CommentResult> {
  const existing = await ctx.host.findSummaryComment();
  const paused = pause ? { by: event.author.login, at: new Date(ctx.now()).toISOString() } : undefined;
  const body = summaryWithPause(existing?.body, paused);
  if (body === undefined) return { action: pause ? "pause" : "resume", outcome: "ignored", reason: pause ? "already paused" : "not paused" };
  await ctx.host.writeSummaryComment(existing, body);
  return { action: pause ? "pause" : "resume", outcome: "done" };
}

async function resolveOurThreads(event: CommentEvent, ctx: ConversationContext, to: ReplyTarget): Promise<CommentResult> {
  const comments = await ctx.host.listReviewComments();
  const ours = comments.filter((c) => c.inReplyTo === undefined && isOurFinding(c, ctx.identity));
  // Given in one of our threads, /resolve means that thread; in the conversation, all of them.
  const targets = to.kind === "review" ? ours.filter((c) => c.id === to.rootId) : ours;
  let resolved = 0;
  for (const comment of targets) {
    const result = await ctx.host.resolveThread(comment.id);
    if (result === "not-permitted") {
      await say(ctx.host, to, "I may not resolve review threads in this repository: the app's installation lacks the permission to. An owner can grant it in the app's settings.");
      return { action: "resolve", outcome: "failed", reason: "not permitted to resolve threads" };
    }
    if (result === "resolved") resolved += 1;
  }
  ctx.log.info({ resolved, threads: targets.length, from: event.kind }, "threads resolved on request");
  return { action: "resolve", outcome: "done" };
}

async function runCommand(event: CommentEvent, command: Command, ctx: ConversationContext): Promise<CommentResult> {
  const to = replyTargetOf(event);
  if (!(await admitted(event, command, ctx, to))) return { action: command.name, outcome: "denied" };
  if (command.name === "ask") {
    const refused = await askRefused(command.question, ctx, to);
    if (refused !== undefined) return refused;
  }
  // 👀 only on a command that will be carried out: one the operator's limits refuse gets their reply alone.
  if (spendsTokens(command) && !(await withinLimits(event, ctx, to))) return { action: command.name, outcome: "limited", reason: "over the operator's limits" };
  await ctx.host.addReaction(event, "eyes");
  switch (command.name) {
    case "review":
      return { action: "review", outcome: "done", review: { full: command.full, replyTo: to } };
    case "pause":
      return pauseOrResume(event, true, ctx);
    case "resume":
      return pauseOrResume(event, false, ctx);
    case "ask":
      return ask(event, command.question, ctx, to);
    case "resolve":
      return resolveOurThreads(event, ctx, to);
    case "help":
      await say(ctx.host, to, helpReply({ appSlug: ctx.identity.slug, version: ctx.version, config: ctx.config, configProblems: ctx.configProblems }));
      return { action: "help", outcome: "done" };
    case "learnings":
      await say(ctx.host, to, ctx.config.learnings.enabled ? learningsReply(await ctx.store.list(ctx.repository)) : learningsDisabledReply());
      return { action: "learnings", outcome: "done" };
    case "forget": {
      if (command.id === "") {
        await say(ctx.host, to, usageReply("forget"));
        return { action: "forget", outcome: "ignored", reason: "no id" };
      }
      const forgotten = await ctx.store.forget(ctx.repository, command.id.toLowerCase());
      await say(ctx.host, to, forgetReply(command.id, forgotten));
      return { action: "forget", outcome: forgotten === undefined ? "ignored" : "done" };
    }
    case "unknown": {
      const key = `unknown:${ctx.repository}#${event.pullNumber}:${event.author.login.toLowerCase()}`;
      await sayOnce(ctx, key, to, unknownCommandReply(command.word));
      return { action: "unknown", outcome: "ignored", reason: `unknown command /${command.word}` };
    }
  }
}

/**
 * A person's comment on a pull request: a command (conversation or review comment), or — on the diff — a reply in
 * one of our threads or a mention, answered in its thread. Bots and ourselves get nothing: that is what
 * keeps two bots from talking for ever. Commands are recognised by `parseComment`; a mention in the middle of a
 * conversation comment is not taken as a question (only `@app question` at the start of a line is), so a "thanks
 * @app" costs nothing.
 */
export async function respondToComment(event: CommentEvent, ctx: ConversationContext): Promise<CommentResult> {
  // Ourselves first: with a personal token, our own comments are a user's, and they do start workflows.
  if (isOurs(event.author, ctx.identity)) return { action: "none", outcome: "ignored", reason: "written by us" };
  if (isBotActor(event.author)) return { action: "none", outcome: "ignored", reason: "written by a bot" };
  const parsed = parseComment(event.body, ctx.identity.slug);
  const command = parsed.command;
  if (event.kind === "review" && (command === undefined || command.name === "ask")) {
    return answerInThread(event, ctx, { mentioned: parsed.mentioned || command !== undefined });
  }
  if (command === undefined) return { action: "none", outcome: "ignored", reason: "no command" };
  return runCommand(event, command, ctx);
}
