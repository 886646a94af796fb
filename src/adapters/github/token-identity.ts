import { z } from "zod";
import type { AppIdentity } from "../../core/conversation/actors.js";
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
