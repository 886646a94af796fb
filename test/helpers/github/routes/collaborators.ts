import { notFound } from "../errors.js";
import type { Router } from "../router.js";
import type { CollaboratorRole, Store } from "../store.js";

const LEGACY: Readonly<Record<CollaboratorRole, string>> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };

/**
 * `GET /repos/{owner}/{repo}/collaborators/{username}/permission`: `permission` is GitHub's legacy level (maintain
 * folds into write, triage into read), `role_name` the role itself. People the test gave no role have `read`, as
 * anyone has on a public repository.
 */
export function registerCollaboratorRoutes(router: Router, store: Store): void {
  router.add("GET", "/repos/:owner/:repo/collaborators/:username/permission", "installation-token", (req) => {
    const repository = store.repo(req.param("owner"), req.param("repo"));
    if (repository === undefined) return notFound("https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user");
    const login = req.param("username");
    const role = store.roles.get(login.toLowerCase()) ?? "read";
    return { status: 200, json: { permission: LEGACY[role], role_name: role, user: store.humanUser(login) } };
  });
}
