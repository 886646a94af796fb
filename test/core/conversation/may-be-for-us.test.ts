import { describe, expect, it } from "vitest";
import { mayBeForUs } from "../../../src/core/conversation/may-be-for-us.js";

describe("mayBeForUs", () => {
  it("lets through what may be a command, a mention or a reply in a thread, and nothing else", () => {
    expect(mayBeForUs("/review", false)).toBe(true);
    expect(mayBeForUs("thanks!\n  /help", false)).toBe(true);
    expect(mayBeForUs("> quoted\n@pr-reviewer why?", false)).toBe(true);
    expect(mayBeForUs("nice one, @alice", false)).toBe(true);
    expect(mayBeForUs("Why is this needed?", true)).toBe(true);
    expect(mayBeForUs("Looks good to me.", false)).toBe(false);
    expect(mayBeForUs("see src/cache.ts and a/b", false)).toBe(false);
  });
});
