import { mayRun, needsRoleLookup, type MinPermission, type RepositoryRole } from "../conversation/access.js";
import { isBotActor, isOurs, type AppIdentity } from "../conversation/actors.js";
import type { ConversationHost, ReviewCommentInfo } from "../conversation/host.js";
import type { Logger } from "../ports.js";
import { findingOfComment, verdictOfReactions } from "./feedback.js";
import { learningFrom } from "./learning.js";
import type { LearningStore } from "./learning-store.js";

/** Feedback already taken in is remembered this long, so a lesson someone `/forget`s is not learnt again from it. */
const FEEDBACK_TTL_SECONDS = 365 * 24 * 3600;

export interface HarvestContext {
  readonly host: Pick<ConversationHost, "listReviewComments" | "recentReviewCommentsOfRepository" | "listReactions" | "repositoryRole">;
  readonly store: LearningStore;
  readonly identity: AppIdentity;
  /** The store's key of the repository. */
  readonly repository: string;
  /** `commands.min_permission`: who may teach the app about the repository. */
  readonly minPermission: MinPermission;
  readonly log: Logger;
  /** Epoch milliseconds. */
  readonly now: () => number;
}

/** Roles looked up once per person per harvest. */
function roleLookup(ctx: HarvestContext): (login: string) => Promise<RepositoryRole | undefined> {
  const known = new Map<string, Promise<RepositoryRole | undefined>>();
  return (login) => {
    const key = login.toLowerCase();
    const found = known.get(key) ?? ctx.host.repositoryRole(login);
    known.set(key, found);
    return found;
  };
}

async function mayTeach(login: string, ctx: HarvestContext, role: (login: string) => Promise<RepositoryRole | undefined>): Promise<boolean> {
  const request = { action: { name: "feedback" } as const, minPermission: ctx.minPermission, isPullRequestAuthor: false };
  return mayRun(request, needsRoleLookup(request) ? await role(login) : undefined);
}

/**
 * GitHub sends no webhook for reactions, so 👍/👎 on our findings are read when something else happens: before
 * each review (the repository's newest review comments, and this pull request's when those are not all of them) and when a review thread of the pull
 * request is resolved. A comment's reactions are listed only when its 👍/👎 counts changed since the last look;
 * only people who pass the gate (`commands.min_permission`) count, and each verdict on a comment is learnt once.
 * Answers how many lessons were saved.
 */
export async function harvestReactions(ctx: HarvestContext): Promise<number> {
  const recent = await ctx.host.recentReviewCommentsOfRepository();
  // When the newest page holds the whole repository's comments, the pull request's are among them.
  const own = recent.complete ? [] : await ctx.host.listReviewComments();
  const byId = new Map<number, ReviewCommentInfo>();
  for (const comment of [...own, ...recent.comments]) byId.set(comment.id, comment);
  const role = roleLookup(ctx);
  let saved = 0;
  for (const comment of byId.values()) {
    const { up, down } = comment.reactions;
    if (up + down === 0 || comment.inReplyTo !== undefined || !isOurs(comment.author, ctx.identity)) continue;
    const finding = findingOfComment(comment.body);
    if (finding === undefined) continue;
    if (!(await ctx.store.firstTime(`reactions-seen:${ctx.repository}:${comment.id}:${up}:${down}`, FEEDBACK_TTL_SECONDS))) continue;
    const reactions = (await ctx.host.listReactions(comment.id)).filter((r) => !isBotActor(r) && (r.content === "+1" || r.content === "-1"));
    const counted = [];
    for (const reaction of reactions) if (await mayTeach(reaction.login, ctx, role)) counted.push(reaction);
    const verdict = verdictOfReactions(counted);
    if (verdict === undefined) continue;
    if (!(await ctx.store.firstTime(`feedback:${ctx.repository}:${comment.id}:${verdict}`, FEEDBACK_TTL_SECONDS))) continue;
    const by = counted.find((r) => r.content === (verdict === "dismissed" ? "-1" : "+1"))?.login ?? "someone";
    await ctx.store.save(
      ctx.repository,
      learningFrom({
        title: finding.title, path: comment.path, severity: finding.severity, verdict, source: "reaction", by,
        pullNumber: comment.pullNumber, commentId: comment.id, at: new Date(ctx.now()).toISOString(),
      }),
    );
    ctx.log.info({ commentId: comment.id, verdict, by, pr: comment.pullNumber }, "learnt from reactions on a finding");
    saved += 1;
  }
  return saved;
}

export interface ResolvedThread {
  /** The thread's first comment. */
  readonly rootId: number;
  readonly resolvedBy: { readonly login: string; readonly type: string };
  readonly pullNumber: number;
}

/**
 * A person resolved one of our threads while its lines are unchanged (GitHub does not call it outdated): the
 * finding was not worth fixing. Bots resolving threads (ourselves, after a push fixed the code) teach nothing.
 */
export async function learnFromResolvedThread(thread: ResolvedThread, ctx: HarvestContext): Promise<boolean> {
  if (isBotActor(thread.resolvedBy)) return false;
  const root = (await ctx.host.listReviewComments()).find((c) => c.id === thread.rootId);
  if (root === undefined || root.inReplyTo !== undefined || !isOurs(root.author, ctx.identity) || root.line === undefined) return false;
  const finding = findingOfComment(root.body);
  if (finding === undefined) return false;
  if (!(await mayTeach(thread.resolvedBy.login, ctx, roleLookup(ctx)))) return false;
  if (!(await ctx.store.firstTime(`resolved:${ctx.repository}:${root.id}`, FEEDBACK_TTL_SECONDS))) return false;
  await ctx.store.save(
    ctx.repository,
    learningFrom({
      title: finding.title, path: root.path, severity: finding.severity, verdict: "dismissed", source: "resolved",
      by: thread.resolvedBy.login, pullNumber: thread.pullNumber, commentId: root.id, at: new Date(ctx.now()).toISOString(),
    }),
  );
  ctx.log.info({ commentId: root.id, by: thread.resolvedBy.login }, "learnt from a thread resolved without a code change");
  return true;
}
