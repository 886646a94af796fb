import type { AppIdentity } from "../../core/conversation/actors.js";
import type { GitHubClient } from "./github-client.js";

/**
 * This app's identity (`GET /app` with the app's JWT): its id and slug, the bot user `<slug>[bot]` being how its
 * comments are recognised. Read once and kept; a failed read is tried again by the next caller.
 */
export function appIdentitySource(appClient: () => Promise<Pick<GitHubClient, "rest">>): () => Promise<AppIdentity> {
  let identity: Promise<AppIdentity> | undefined;
  return () => {
    identity ??= (async () => {
      const { data } = await (await appClient()).rest.apps.getAuthenticated();
      if (data === null || data.slug === undefined) throw new Error("GET /app answered without the app's slug");
      return { appId: data.id, slug: data.slug };
    })().catch((error: unknown) => {
      identity = undefined;
      throw error;
    });
    return identity;
  };
}
