import { describe, expect, it } from "vitest";
import type { MinPermission, RepositoryRole } from "../../../src/core/conversation/access.js";
import { decideAutomaticReview, isFromFork, needsAuthorRole, type AutomaticReviewPolicy } from "../../../src/core/eligibility/automatic-reviews.js";

const policy = (forks: boolean, min: MinPermission): AutomaticReviewPolicy => ({ forks, min_author_permission: min });
const fork = { author: "stranger", fromFork: true };
const branch = { author: "colleague", fromFork: false };

describe("needsAuthorRole: a lookup only when the answer can change the decision", () => {
  it.each([
    ["the defaults, a fork", policy(true, "none"), fork, false],
    ["the defaults, a branch", policy(true, "none"), branch, false],
    ["forks refused: a fork is refused without asking", policy(false, "write"), fork, false],
    ["write, a fork", policy(true, "write"), fork, true],
    ["read, a fork", policy(true, "read"), fork, true],
    ["write, a branch of the repository (only a writer can push it)", policy(true, "write"), branch, false],
    ["triage, a branch", policy(false, "triage"), branch, false],
    ["admin, a branch (pushing needs only write)", policy(true, "admin"), branch, true],
    ["admin, a fork", policy(true, "admin"), fork, true],
  ] as const)("%s → %s", (_name, p, origin, expected) => {
    expect(needsAuthorRole(p, origin)).toBe(expected);
  });
});

describe("decideAutomaticReview", () => {
  const review = { review: true };
  const forkRefused = { review: false, notAutomatic: { reason: "fork", ask: "command" } };
  const tooLittle = (required: MinPermission, author = "stranger") => ({ review: false, notAutomatic: { reason: "author-permission", author, required, ask: "command" } });

  it.each<[string, AutomaticReviewPolicy, typeof fork, RepositoryRole | undefined, object]>([
    ["defaults: a fork by anyone is reviewed", policy(true, "none"), fork, undefined, review],
    ["defaults: a branch is reviewed", policy(true, "none"), branch, undefined, review],
    ["forks: false refuses a fork, whoever wrote it", policy(false, "none"), fork, "admin", forkRefused],
    ["forks: false refuses a fork before any permission", policy(false, "write"), fork, "write", forkRefused],
    ["forks: false still reviews a branch", policy(false, "none"), branch, undefined, review],
    ["write: a fork by a writer is reviewed", policy(true, "write"), fork, "write", review],
    ["write: a fork by a maintainer is reviewed (maintain is above write)", policy(true, "write"), fork, "maintain", review],
    ["write: a fork by a reader is not", policy(true, "write"), fork, "read", tooLittle("write")],
    ["write: a fork by a triager is not", policy(true, "write"), fork, "triage", tooLittle("write")],
    ["write: a fork whose author's role could not be read is not", policy(true, "write"), fork, undefined, tooLittle("write")],
    ["write: a branch is reviewed without a role", policy(true, "write"), branch, undefined, review],
    ["read: a fork by a reader is reviewed", policy(true, "read"), fork, "read", review],
    ["read: a fork by someone without access is not", policy(true, "read"), fork, "none", tooLittle("read")],
    ["admin: a branch by a writer is not", policy(true, "admin"), branch, "write", tooLittle("admin", "colleague")],
    ["admin: a branch by an admin is reviewed", policy(true, "admin"), branch, "admin", review],
    ["admin: a maintainer's fork is not", policy(true, "admin"), fork, "maintain", tooLittle("admin")],
  ])("%s", (_name, p, origin, role, expected) => {
    expect(decideAutomaticReview(p, origin, role, "command")).toEqual(expected);
  });

  it("says how a maintainer asks for the review where it runs", () => {
    expect(decideAutomaticReview(policy(false, "none"), fork, undefined, "rerun-job")).toEqual({ review: false, notAutomatic: { reason: "fork", ask: "rerun-job" } });
    expect(decideAutomaticReview(policy(true, "write"), fork, "read", "rerun-job")).toMatchObject({ notAutomatic: { ask: "rerun-job" } });
  });
});

describe("isFromFork", () => {
  it("is a fork when the head's repository is another one, or gone (a deleted fork)", () => {
    expect(isFromFork({ repo: { id: 1 } }, { repo: { id: 1 } })).toBe(false);
    expect(isFromFork({ repo: { id: 2 } }, { repo: { id: 1 } })).toBe(true);
    expect(isFromFork({ repo: null }, { repo: { id: 1 } })).toBe(true);
    expect(isFromFork({ repo: undefined }, { repo: { id: 1 } })).toBe(true);
  });
});
