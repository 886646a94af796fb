import { fingerprintInBody } from "../publish/render-comment.js";

/** Who wrote a comment, as GitHub reports it in webhooks and API answers. */
export interface Actor {
  readonly login: string;
  readonly id: number;
  /** `User`, `Bot` or `Organization`. */
  readonly type: string;
}

/**
 * Who we are on GitHub, so that our own comments are never answered and our threads are recognised. The App is
 * its bot user `<slug>[bot]`, read once from `GET /app`. The Action is the account of its token: the job's token
 * writes as `github-actions[bot]`, an app's installation token as that app's bot, a personal token as its
 * (machine) user.
 */
export interface AppIdentity {
  /** The name people mention: `@slug` (and `@slug[bot]`). */
  readonly slug: string;
  /** The login our comments carry; `<slug>[bot]` when not given. */
  readonly login?: string;
  /** The GitHub App's id, when known: an issue comment names the app that wrote it. */
  readonly appId?: number;
}

export function botLoginOf(identity: AppIdentity): string {
  return identity.login ?? `${identity.slug}[bot]`;
}

/**
 * Any bot: GitHub Apps comment as `type: Bot`, but an app acting for a user through OAuth shows as a `User` whose
 * login still ends in `[bot]`. Answering bots is how review bots end up talking to each other for ever.
 */
export function isBotActor(actor: Pick<Actor, "login" | "type">): boolean {
  return actor.type === "Bot" || actor.login.toLowerCase().endsWith("[bot]");
}

/**
 * Our own comment, by identity and never by a marker in the body (anyone can paste a marker): a `[bot]` login
 * is unique to its app and is a `Bot`; a personal token's account is a `User` (no person can take a login that
 * ends in `[bot]`). An issue comment also names the app that wrote it.
 */
export function isOurs(actor: Pick<Actor, "login" | "type">, identity: AppIdentity, viaAppId?: number | null): boolean {
  if (viaAppId !== undefined && viaAppId !== null && identity.appId !== undefined && viaAppId !== identity.appId) return false;
  const login = botLoginOf(identity);
  if (actor.login.toLowerCase() !== login.toLowerCase()) return false;
  return login.toLowerCase().endsWith("[bot]") ? actor.type === "Bot" : actor.type === "User";
}

/**
 * A review comment that starts one of our threads: ours by author, and one of our findings (their fingerprint
 * marker). Both are needed: the marker can be pasted by anyone, and the author can be shared — the job's token of
 * GitHub Actions writes as `github-actions[bot]` for every workflow of the repository, so another tool's review
 * comment is by "us" too, but carries no finding of ours.
 */
export function isOurFinding(comment: { readonly author: Pick<Actor, "login" | "type">; readonly body: string }, identity: AppIdentity): boolean {
  return isOurs(comment.author, identity) && fingerprintInBody(comment.body) !== undefined;
}
