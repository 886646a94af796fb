/** Who wrote a comment, as GitHub reports it in webhooks and API answers. */
export interface Actor {
  readonly login: string;
  readonly id: number;
  /** `User`, `Bot` or `Organization`. */
  readonly type: string;
}

/** This GitHub App: its bot user is `<slug>[bot]`, read once from `GET /app`. */
export interface AppIdentity {
  readonly appId: number;
  readonly slug: string;
}

export function botLoginOf(identity: AppIdentity): string {
  return `${identity.slug}[bot]`;
}

/**
 * Any bot: GitHub Apps comment as `type: Bot`, but an app acting for a user through OAuth shows as a `User` whose
 * login still ends in `[bot]`. Answering bots is how review bots end up talking to each other for ever.
 */
export function isBotActor(actor: Pick<Actor, "login" | "type">): boolean {
  return actor.type === "Bot" || actor.login.toLowerCase().endsWith("[bot]");
}

/**
 * This app's own comment, by identity and never by a marker in the body (anyone can paste a marker): the bot user
 * `<slug>[bot]` is unique to the app, and an issue comment also names the app that wrote it.
 */
export function isOurs(actor: Pick<Actor, "login" | "type">, identity: AppIdentity, viaAppId?: number | null): boolean {
  if (viaAppId !== undefined && viaAppId !== null && viaAppId !== identity.appId) return false;
  return actor.type === "Bot" && actor.login.toLowerCase() === botLoginOf(identity).toLowerCase();
}
