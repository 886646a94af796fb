import { describe, expect, it } from "vitest";
import { mayRun, needsRoleLookup, roleFromPermissionAnswer, type AccessRequest } from "../../../src/core/conversation/access.js";
import { botLoginOf, isBotActor, isOurFinding, isOurs } from "../../../src/core/conversation/actors.js";

const request = (overrides: Partial<AccessRequest> = {}): AccessRequest => ({
  action: { name: "review", full: false },
  minPermission: "write",
  isPullRequestAuthor: false,
  ...overrides,
});

describe("roleFromPermissionAnswer", () => {
  it.each([
    [{ permission: "admin", role_name: "admin" }, "admin"],
    [{ permission: "write", role_name: "maintain" }, "maintain"],
    [{ permission: "write", role_name: "write" }, "write"],
    [{ permission: "read", role_name: "triage" }, "triage"],
    [{ permission: "read", role_name: "read" }, "read"],
    [{ permission: "none", role_name: "" }, "none"],
    [{ permission: "write", role_name: "security-reviewer" }, "write"],
    [{ permission: "write" }, "write"],
    [{ permission: "strange", role_name: null }, "none"],
  ] as const)("%j is %s", (answer, role) => {
    expect(roleFromPermissionAnswer(answer)).toBe(role);
  });
});

describe("mayRun", () => {
  it("needs at least the configured role, maintain counting above write", () => {
    expect(mayRun(request(), "write")).toBe(true);
    expect(mayRun(request(), "maintain")).toBe(true);
    expect(mayRun(request(), "admin")).toBe(true);
    expect(mayRun(request(), "triage")).toBe(false);
    expect(mayRun(request(), "read")).toBe(false);
    expect(mayRun(request({ minPermission: "admin" }), "maintain")).toBe(false);
    expect(mayRun(request({ minPermission: "triage" }), "triage")).toBe(true);
    expect(mayRun(request({ minPermission: "read" }), "none")).toBe(false);
  });

  it("denies when the role could not be looked up", () => {
    expect(mayRun(request(), undefined)).toBe(false);
    expect(mayRun(request({ action: { name: "help" } }), undefined)).toBe(false);
  });

  it("lets anyone run anything with min_permission none, without a lookup", () => {
    expect(needsRoleLookup(request({ minPermission: "none" }))).toBe(false);
    expect(mayRun(request({ minPermission: "none" }), undefined)).toBe(true);
  });

  it("lets the pull request's author pause and resume it whatever their role, but nothing else", () => {
    for (const name of ["pause", "resume"] as const) {
      const author = request({ action: { name }, isPullRequestAuthor: true });
      expect(needsRoleLookup(author)).toBe(false);
      expect(mayRun(author, "read")).toBe(true);
      expect(mayRun(author, undefined)).toBe(true);
      expect(mayRun(request({ action: { name } }), "read")).toBe(false);
    }
    expect(mayRun(request({ isPullRequestAuthor: true }), "read")).toBe(false);
    expect(mayRun(request({ action: { name: "answer" }, isPullRequestAuthor: true }), "read")).toBe(false);
  });
});

describe("actors", () => {
  const identity = { appId: 7, slug: "pr-reviewer" };

  it("tells bots by type or by a [bot] login", () => {
    expect(isBotActor({ login: "dependabot[bot]", type: "Bot" })).toBe(true);
    expect(isBotActor({ login: "some-app[bot]", type: "User" })).toBe(true);
    expect(isBotActor({ login: "alice", type: "User" })).toBe(false);
  });

  it("recognises our own comments by the app's bot user and, when given, the app that wrote them", () => {
    expect(botLoginOf(identity)).toBe("pr-reviewer[bot]");
    expect(isOurs({ login: "pr-reviewer[bot]", type: "Bot" }, identity)).toBe(true);
    expect(isOurs({ login: "PR-Reviewer[bot]", type: "Bot" }, identity, 7)).toBe(true);
    expect(isOurs({ login: "pr-reviewer[bot]", type: "Bot" }, identity, null)).toBe(true);
    expect(isOurs({ login: "pr-reviewer[bot]", type: "Bot" }, identity, 8)).toBe(false);
    expect(isOurs({ login: "pr-reviewer[bot]", type: "User" }, identity)).toBe(false);
    expect(isOurs({ login: "other[bot]", type: "Bot" }, identity)).toBe(false);
    expect(isOurs({ login: "pr-reviewer", type: "User" }, identity)).toBe(false);
  });

  it("recognises a personal token's account by its login, as a user and never as a bot", () => {
    const machine = { slug: "review-robot", login: "review-robot" };
    expect(botLoginOf(machine)).toBe("review-robot");
    expect(isOurs({ login: "Review-Robot", type: "User" }, machine)).toBe(true);
    expect(isOurs({ login: "review-robot", type: "Bot" }, machine)).toBe(false);
    expect(isOurs({ login: "alice", type: "User" }, machine)).toBe(false);
    // No app id known (the Action's token): the app a comment names does not matter.
    expect(isOurs({ login: "github-actions[bot]", type: "Bot" }, { slug: "github-actions" }, 15368)).toBe(true);
  });

  it("takes a comment for one of our findings only when it is ours and carries a finding's marker", () => {
    const marker = "<!-- pr-reviewer:fp=0000000000000a -->";
    expect(isOurFinding({ author: { login: "pr-reviewer[bot]", type: "Bot" }, body: `Title\n\n${marker}` }, identity)).toBe(true);
    expect(isOurFinding({ author: { login: "pr-reviewer[bot]", type: "Bot" }, body: "An answer." }, identity)).toBe(false);
    expect(isOurFinding({ author: { login: "mallory", type: "User" }, body: marker }, identity)).toBe(false);
  });
});
