import { describe, expect, it } from "vitest";
import { harvestReactions, learnFromResolvedThread, type HarvestContext } from "../../../src/core/learnings/harvest.js";
import { ALICE, IDENTITY, MemoryHost, MemoryStore, reviewComment, US } from "../conversation/support/memory-host.js";

const FINDING_BODY = "🟠 **Major** Null entry\n\n`entry` may be null.\n\n<!-- pr-reviewer:fp=0000000000000a -->";
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setUp(): { host: MemoryHost; store: MemoryStore; ctx: HarvestContext } {
  const host = new MemoryHost();
  const store = new MemoryStore();
  host.roles.set("bob", "read");
  return { host, store, ctx: { host, store, identity: IDENTITY, repository: "o/r", minPermission: "write", log, now: () => Date.parse("2026-03-01T00:00:00Z") } };
}

describe("harvestReactions", () => {
  it("learns a dismissal from 👎 of a person who may teach, once, and looks at a comment's reactions only when they changed", async () => {
    const { host, store, ctx } = setUp();
    host.reviewComments = [reviewComment(10, US, FINDING_BODY, { reactions: { up: 0, down: 1 } })];
    host.reactionsOf.set(10, [{ login: "alice", type: "User", content: "-1" }]);
    expect(await harvestReactions(ctx)).toBe(1);
    expect(await store.list("o/r")).toMatchObject([{ title: "Null entry", verdict: "dismissed", source: "reaction", by: "alice", commentId: 10, severity: "major", createdAt: "2026-03-01T00:00:00.000Z" }]);
    expect(await harvestReactions(ctx)).toBe(0);
    expect(host.reactionLookups).toEqual([10]);
    // Forgotten, it is not learnt again from the same 👎 even when the counts change.
    await store.forget("o/r", (await store.list("o/r"))[0]?.id ?? "");
    host.reviewComments = [reviewComment(10, US, FINDING_BODY, { reactions: { up: 0, down: 2 } })];
    host.reactionsOf.set(10, [{ login: "alice", type: "User", content: "-1" }, { login: "alice", type: "User", content: "-1" }]);
    expect(await harvestReactions(ctx)).toBe(0);
    expect(host.reactionLookups).toEqual([10, 10]);
  });

  it("does not list the pull request's comments when the repository's newest page already holds them all", async () => {
    const { host, store, ctx } = setUp();
    host.recentIsComplete = true;
    host.reviewComments = [reviewComment(10, US, FINDING_BODY, { reactions: { up: 0, down: 1 } })];
    host.reactionsOf.set(10, [{ login: "alice", type: "User", content: "-1" }]);
    expect(await harvestReactions(ctx)).toBe(0);
    host.recent = host.reviewComments;
    expect(await harvestReactions(ctx)).toBe(1);
    expect(await store.list("o/r")).toHaveLength(1);
  });

  it("counts only people who pass the gate, never bots, and learns a confirmation from more 👍", async () => {
    const { host, store, ctx } = setUp();
    host.recent = [reviewComment(20, US, FINDING_BODY, { pullNumber: 3, reactions: { up: 1, down: 2 } })];
    host.reactionsOf.set(20, [
      { login: "bob", type: "User", content: "-1" },
      { login: "dependabot[bot]", type: "Bot", content: "-1" },
      { login: "alice", type: "User", content: "+1" },
    ]);
    expect(await harvestReactions(ctx)).toBe(1);
    expect(await store.list("o/r")).toMatchObject([{ verdict: "confirmed", by: "alice", pullNumber: 3 }]);
    expect(host.roleLookups).toEqual(["bob", "alice"]);
  });

  it("ignores reactions on people's comments, on our replies, on comments without a finding, and ties", async () => {
    const { host, store, ctx } = setUp();
    host.reviewComments = [
      reviewComment(30, ALICE, FINDING_BODY, { reactions: { up: 0, down: 1 } }),
      reviewComment(31, US, "An answer.", { reactions: { up: 0, down: 1 } }),
      reviewComment(32, US, FINDING_BODY, { inReplyTo: 10, reactions: { up: 0, down: 1 } }),
      reviewComment(33, US, FINDING_BODY, { reactions: { up: 1, down: 1 } }),
      reviewComment(34, US, FINDING_BODY),
    ];
    host.reactionsOf.set(33, [{ login: "alice", type: "User", content: "-1" }, { login: "carol", type: "User", content: "+1" }]);
    host.roles.set("carol", "admin");
    expect(await harvestReactions({ ...ctx, minPermission: "none" })).toBe(0);
    expect(host.reactionLookups).toEqual([33]);
    expect(await store.list("o/r")).toEqual([]);
  });
});

describe("learnFromResolvedThread", () => {
  it("learns once when a person who may teach resolves our thread on unchanged lines", async () => {
    const { host, store, ctx } = setUp();
    host.reviewComments = [reviewComment(10, US, FINDING_BODY)];
    const thread = { rootId: 10, resolvedBy: { login: "alice", type: "User" }, pullNumber: 7 };
    expect(await learnFromResolvedThread(thread, ctx)).toBe(true);
    expect(await learnFromResolvedThread(thread, ctx)).toBe(false);
    expect(await store.list("o/r")).toMatchObject([{ source: "resolved", by: "alice", verdict: "dismissed" }]);
  });

  it("learns nothing from a bot, a reader, an outdated thread, a thread not ours or without a finding", async () => {
    const { host, store, ctx } = setUp();
    host.reviewComments = [
      reviewComment(10, US, FINDING_BODY),
      reviewComment(11, US, FINDING_BODY, { line: undefined }),
      reviewComment(12, ALICE, FINDING_BODY),
      reviewComment(13, US, "No finding here."),
    ];
    const by = (login: string, type = "User") => ({ login, type });
    expect(await learnFromResolvedThread({ rootId: 10, resolvedBy: by("pr-reviewer[bot]", "Bot"), pullNumber: 7 }, ctx)).toBe(false);
    expect(await learnFromResolvedThread({ rootId: 10, resolvedBy: by("bob"), pullNumber: 7 }, ctx)).toBe(false);
    for (const rootId of [11, 12, 13, 99]) expect(await learnFromResolvedThread({ rootId, resolvedBy: by("alice"), pullNumber: 7 }, ctx)).toBe(false);
    expect(await store.list("o/r")).toEqual([]);
  });
});
