import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTokenClient } from "../../../src/adapters/github/token-client.js";
import { identityOfLogin, tokenIdentitySource } from "../../../src/adapters/github/token-identity.js";
import { isOurs } from "../../../src/core/conversation/actors.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github.js";

const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub({ appId: 15368, appSlug: "github-actions" });
});
afterEach(async () => {
  await github.close();
});

const client = (token: string) => createTokenClient({ token, baseUrl: github.baseUrl, userAgent: "test", log });

describe("the identity of the Action's token", () => {
  it("is the app's bot for an installation token (the job's GITHUB_TOKEN writes as github-actions[bot]), asked once", async () => {
    const identity = tokenIdentitySource(client(github.createInstallationToken()));
    expect(await identity()).toEqual({ slug: "github-actions", login: "github-actions[bot]" });
    expect(await identity()).toEqual({ slug: "github-actions", login: "github-actions[bot]" });
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /api/graphql"]);
    expect(isOurs({ login: "github-actions[bot]", type: "Bot" }, await identity())).toBe(true);
  });

  it("is the person for a personal token (a machine user), mentioned by their login", async () => {
    const identity = await tokenIdentitySource(client(github.createPersonalToken("review-robot")))();
    expect(identity).toEqual({ slug: "review-robot", login: "review-robot" });
    expect(isOurs({ login: "review-robot", type: "User" }, identity)).toBe(true);
  });

  it("fails with the reason, and asks again on the next call", async () => {
    const identity = tokenIdentitySource(client("ghs_not-a-token"));
    await expect(identity()).rejects.toThrow(/Bad credentials/);
    await expect(identity()).rejects.toThrow(/Bad credentials/);
    expect(github.requests).toHaveLength(2);
  });

  it("reads an app's slug from its bot login", () => {
    expect(identityOfLogin("my-reviewer[bot]")).toEqual({ slug: "my-reviewer", login: "my-reviewer[bot]" });
  });
});
