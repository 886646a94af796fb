"use strict";

/** The fields a user may change, and their longest length. */
const LIMITS = new Map([
  ["displayName", 60],
  ["bio", 500],
]);

/**
 * The fields of a profile update, or the problems with it.
 * @returns {{ ok: true, changes: Record<string, string> } | { ok: false, problems: string[] }}
 */
function validateProfilePatch(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, problems: ["the body must be a JSON object"] };
  }
  const problems = [];
  const changes = {};
  for (const [field, value] of Object.entries(body)) {
    const limit = LIMITS.get(field);
    if (limit === undefined) {
      problems.push(`${field} cannot be changed`);
    } else if (typeof value !== "string") {
      problems.push(`${field} must be a string`);
    } else if (value.trim().length === 0 || value.length > limit) {
      problems.push(`${field} must have 1 to ${limit} characters`);
    } else {
      changes[field] = value.trim();
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, changes };
}

module.exports = { validateProfilePatch };
