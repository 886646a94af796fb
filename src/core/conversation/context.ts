import type { RepoConfig } from "../config/repo-config.js";
import { ModelError } from "../errors.js";
import type { LearningStore } from "../learnings/learning-store.js";
import type { ChatModel, Logger } from "../ports.js";
import type { TokenUsage } from "../publish/review-report.js";
import type { OutputPolicy } from "../trust/sanitise-output.js";
import { mayRun, needsRoleLookup, type GatedAction, type RepositoryRole } from "./access.js";
import type { AppIdentity } from "./actors.js";
import type { CommandName } from "./commands.js";
import type { CommentEvent, ConversationHost } from "./host.js";
import { deniedReply } from "./replies.js";

/** Everything a comment's handling needs, the GitHub side behind `host`. */
export interface ConversationContext {
  readonly host: ConversationHost;
  readonly model: ChatModel;
  readonly store: LearningStore;
  readonly identity: AppIdentity;
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
  /** The store's key of the repository (`repositoryKey`). */
  readonly repository: string;
  readonly log: Logger;
  /** The app's version, for /help. */
  readonly version: string;
  /** One model call's prompt budget, in tokens. */
  readonly promptBudgetTokens: number;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly signal?: AbortSignal | undefined;
  /** What the posted text may link to: the pull request's GitHub host only. */
  readonly policy: OutputPolicy;
  /**
   * Asked before a command or an answer that calls the model, once the gate let the person in: the operator's
   * limits (PERSON_HOURLY_COMMAND_LIMIT, INSTALLATION_DAILY_TOKEN_BUDGET). Without it, nothing is limited.
   */
  readonly admitSpending?: (login: string) => Promise<SpendingAdmission>;
}

/** Whether the operator's limits allow one more model-spending command; when not, the words that say why and until when. */
export type SpendingAdmission = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Where the app answers a command: in the conversation, or in the review thread it was given in. */
export type ReplyTarget = { readonly kind: "issue" } | { readonly kind: "review"; readonly rootId: number };

/** `limited`: the operator's limits (commands per hour, tokens per day) said no. */
export type Outcome = "done" | "denied" | "limited" | "ignored" | "failed";

export interface CommentResult {
  readonly action: CommandName | "answer" | "none";
  readonly outcome: Outcome;
  /** Why nothing (or not everything) was done, for the log. */
  readonly reason?: string;
  /** `/review` was accepted: the review to queue, and where to say that the head was already reviewed. */
  readonly review?: { readonly full: boolean; readonly replyTo: ReplyTarget };
  /** Model tokens this comment cost. */
  readonly usage?: TokenUsage;
}

/** A note said once per person and pull request (a denial, an unknown command) is remembered this long. */
export const ONCE_TTL_SECONDS = 90 * 24 * 3600;

export function replyTargetOf(event: CommentEvent): ReplyTarget {
  return event.kind === "issue" ? { kind: "issue" } : { kind: "review", rootId: event.inReplyTo ?? event.id };
}

export async function say(host: ConversationHost, to: ReplyTarget, body: string): Promise<void> {
  if (to.kind === "issue") await host.postComment(body);
  else await host.replyInThread(to.rootId, body);
}

/** Says `body` once per key (person, pull request, what); later calls say nothing. */
export async function sayOnce(ctx: ConversationContext, key: string, to: ReplyTarget, body: string): Promise<boolean> {
  if (!(await ctx.store.firstTime(key, ONCE_TTL_SECONDS))) return false;
  await say(ctx.host, to, body);
  return true;
}

/**
 * The gate: the person's role looked up only when the decision needs it. A denied person is told once per pull
 * request, where they asked, and nothing else happens (no reaction, no model call).
 */
export async function admitted(event: CommentEvent, action: GatedAction, ctx: ConversationContext, to: ReplyTarget): Promise<boolean> {
  const request = { action, minPermission: ctx.config.commands.min_permission, isPullRequestAuthor: event.author.login === event.pullRequestAuthor };
  let role: RepositoryRole | undefined;
  if (needsRoleLookup(request)) role = await ctx.host.repositoryRole(event.author.login);
  if (mayRun(request, role)) return true;
  ctx.log.info({ login: event.author.login, action: action.name, role: role ?? "unknown", minPermission: request.minPermission }, "command denied");
  const key = `denied:${ctx.repository}#${event.pullNumber}:${event.author.login.toLowerCase()}`;
  await sayOnce(ctx, key, to, deniedReply(action, request.minPermission));
  return false;
}

/** Why the model could not answer, in words for the pull request (the details, such as the endpoint, stay in the log). */
export function answerFailedReply(error: unknown): string {
  const kind = error instanceof ModelError ? error.kind : undefined;
  const why =
    kind === "timeout"
      ? "the model did not answer in time"
      : kind === "rate_limited" || kind === "unavailable"
        ? "the model endpoint is busy or unavailable"
        : kind === "bad_output"
          ? "the model's answer was empty"
          : "something went wrong on my side";
  return `I could not answer this time: ${why}. Ask again in a while.`;
}

export function usageOf(error: unknown): TokenUsage {
  const calls = error instanceof ModelError ? error.calls : [];
  return {
    promptTokens: calls.reduce((sum, call) => sum + call.usage.promptTokens, 0),
    completionTokens: calls.reduce((sum, call) => sum + call.usage.completionTokens, 0),
  };
}


/**
 * The operator's limits on model-spending commands. A refused person is told where they asked, once per pull
 * request and hour (a burst of commands over the limit gets one reply, not one each), and nothing else happens.
 */
export async function withinLimits(event: CommentEvent, ctx: ConversationContext, to: ReplyTarget): Promise<boolean> {
  if (ctx.admitSpending === undefined) return true;
  const admission = await ctx.admitSpending(event.author.login);
  if (admission.allowed) return true;
  ctx.log.info({ login: event.author.login, reason: admission.reason }, "command over the operator's limits");
  const hour = Math.floor(ctx.now() / 3_600_000);
  await sayOnce(ctx, `limited:${ctx.repository}#${event.pullNumber}:${event.author.login.toLowerCase()}:${hour}`, to, admission.reason);
  return false;
}
