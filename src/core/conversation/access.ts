import type { Command } from "./commands.js";

/** `commands.min_permission`: the least repository permission a person needs to run commands. */
export const MIN_PERMISSIONS = ["none", "read", "triage", "write", "admin"] as const;
export type MinPermission = (typeof MIN_PERMISSIONS)[number];

/** A person's role on the repository: GitHub's roles, `maintain` between write and admin. */
export type RepositoryRole = "none" | "read" | "triage" | "write" | "maintain" | "admin";

const RANK: Readonly<Record<RepositoryRole, number>> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

const ROLES = new Set<string>(Object.keys(RANK));

function isRole(name: string): name is RepositoryRole {
  return ROLES.has(name);
}

/**
 * The role from `GET /repos/{o}/{r}/collaborators/{user}/permission`: `role_name` names triage and maintain
 * (the legacy `permission` folds them into read and write); a custom role's name is none of GitHub's, and then
 * its base, the legacy `permission`, counts.
 */
export function roleFromPermissionAnswer(answer: { readonly permission: string; readonly role_name?: string | null | undefined }): RepositoryRole {
  const roleName = answer.role_name?.toLowerCase();
  if (roleName !== undefined && isRole(roleName)) return roleName;
  const legacy = answer.permission.toLowerCase();
  return isRole(legacy) ? legacy : "none";
}

/**
 * What the gate asks about: a command, an answer in a review thread (which calls the model), or feedback that
 * would teach the app about the whole repository (a reaction, a resolved thread).
 */
export type GatedAction = Command | { readonly name: "answer" } | { readonly name: "feedback" };

export interface AccessRequest {
  readonly action: GatedAction;
  readonly minPermission: MinPermission;
  /** The person opened this pull request. */
  readonly isPullRequestAuthor: boolean;
}

/** Whether the person's role must be looked up before deciding (it costs a request; `none` needs none). */
export function needsRoleLookup(request: AccessRequest): boolean {
  if (request.minPermission === "none") return false;
  return !authorMayAlways(request);
}

/** The author of a pull request may always stop and restart automatic reviews of it: that costs nothing. */
function authorMayAlways(request: AccessRequest): boolean {
  return request.isPullRequestAuthor && (request.action.name === "pause" || request.action.name === "resume");
}

/**
 * Whether a role reaches `min`, `maintain` counting above write. An unknown role (the lookup failed) reaches
 * nothing but `none`: spending tokens on an unknown person's say-so is the costly mistake.
 */
export function meetsPermission(role: RepositoryRole | undefined, min: MinPermission): boolean {
  if (min === "none") return true;
  return role !== undefined && RANK[role] >= RANK[min];
}

/** Whether `min` asks for no more than `level`: what someone known to hold `level` passes without a lookup. */
export function permissionAtMost(min: MinPermission, level: MinPermission): boolean {
  return RANK[min] <= RANK[level];
}

/** The gate in front of every command and thread answer. `role` is undefined when the lookup failed: then the answer is no. */
export function mayRun(request: AccessRequest, role: RepositoryRole | undefined): boolean {
  if (!needsRoleLookup(request)) return true;
  return meetsPermission(role, request.minPermission);
}
