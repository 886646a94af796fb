import { randomBytes } from "node:crypto";
import type { InstallationTokenJson, UserJson } from "../shapes.js";
import type { Router } from "../router.js";
import type { Store } from "../store.js";

const PERMISSIONS: NonNullable<InstallationTokenJson["permissions"]> = {
  checks: "write",
  contents: "read",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
};

export function issueInstallationToken(store: Store, installationId: number): InstallationTokenJson {
  const token = `ghs_${randomBytes(18).toString("hex")}`;
  const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  store.tokens.set(token, { installationId, expiresAt });
  return { token, expires_at: expiresAt, permissions: PERMISSIONS, repository_selection: "all" };
}

/** A personal access token of `user`: what it writes is by that person (no app), as with a machine user's token. */
export function issuePersonalToken(store: Store, user: UserJson): string {
  const token = `ghp_${randomBytes(18).toString("hex")}`;
  store.tokens.set(token, { installationId: 0, expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(), user });
  return token;
}

export function registerAppRoutes(router: Router, store: Store): void {
  router.add("POST", "/app/installations/:installation_id(\\d+)/access_tokens", "app-jwt", (req) => ({
    status: 201,
    json: issueInstallationToken(store, req.intParam("installation_id")),
  }));
  router.add("GET", "/app", "app-jwt", () => ({ status: 200, json: store.appJson }));
}
