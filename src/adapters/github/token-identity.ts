import { z } from "zod";
import { isBotActor, type AppIdentity } from "../../core/conversation/actors.js";
import type { Logger } from "../../core/ports.js";
import type { GitHubClient } from "./github-client.js";

const ViewerAnswer = z.object({ viewer: z.object({ login: z.string().min(1) }) });

/** The account a token writes as, as an identity: `<slug>[bot]` for an app's installation token, else the user. */
export function identityOfLogin(login: string): AppIdentity {
  const bot = /^(.+)\[bot\]$/i.exec(login);
  return { slug: bot?.[1] ?? login, login };
}

/**
 * Who a token writes as, asked once: GraphQL's `viewer`, the one question every kind of token may ask. `GET /app`
 * needs the app's JWT, and `GET /user` refuses installation tokens — the job's GITHUB_TOKEN among them, which
 * writes as `github-actions[bot]`. A failed read is tried again by the next caller.
 */
export function tokenIdentitySource(client: Pick<GitHubClient, "graphql">): () => Promise<AppIdentity> {
  let identity: Promise<AppIdentity> | undefined;
  return () => {
    identity ??= (async () => {
      const answer = ViewerAnswer.safeParse(await client.graphql("query { viewer { login } }"));
      if (!answer.success) throw new Error("GitHub's GraphQL API did not say whose the token is (viewer.login)");
      return identityOfLogin(answer.data.viewer.login);
    })().catch((error: unknown) => {
      identity = undefined;
      throw error;
    });
    return identity;
  };
}

/**
 * The login to recognise our summary comment and findings by, when the token is a person's: the job's token and
 * an app's write as a bot, which is how ours are told from people's already. Not knowing is not fatal to a review
 * (ours are then taken to be a bot's); a comment's job asks again and fails with the reason.
 */
export async function personalAuthor(identity: () => Promise<AppIdentity>, log: Logger): Promise<string | undefined> {
  try {
    const { login } = await identity();
    return login === undefined || isBotActor({ login, type: "User" }) ? undefined : login;
  } catch (error) {
    log.warn({ err: error }, "could not tell whose the token is (GraphQL viewer); taking our comments to be a bot's");
    return undefined;
  }
}
