import { describe, expect, it } from "vitest";
import {
  alreadyReviewedReply, chatDisabledReply, deniedReply, forgetReply, helpReply, learningsDisabledReply, learningsReply, unknownCommandReply, usageReply,
} from "../../../src/core/conversation/replies.js";
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from "../../../src/core/config/repo-config.js";
import { learningFrom } from "../../../src/core/learnings/learning.js";

const learning = (title: string, at: string, verdict: "dismissed" | "confirmed" = "dismissed", source: "reaction" | "resolved" | "conceded" = "reaction") =>
  learningFrom({ title, path: "src/a.ts", verdict, source, by: "alice", pullNumber: 7, at });

describe("short replies", () => {
  it("name the command and the setting, without mentioning anyone", () => {
    expect(deniedReply({ name: "review", full: true }, "write")).toContain("`/review full` needs at least **write** permission");
    expect(deniedReply({ name: "answer" }, "admin")).toContain("Answers in review threads need at least **admin**");
    expect(deniedReply({ name: "pause" }, "triage")).toContain("`commands.min_permission`");
    expect(deniedReply({ name: "unknown", word: "deploy" }, "write")).toContain("`/deploy`");
    expect(deniedReply({ name: "ask", question: "q" }, "write")).toContain("`/ask`");
    expect(deniedReply({ name: "forget", id: "x" }, "write")).toContain("`/forget`");
    expect(deniedReply({ name: "review", full: false }, "write")).toContain("`/review` needs");
    expect(unknownCommandReply("deploy")).toBe("I don't know the command `/deploy`. Comment `/help` for the commands I understand.");
    expect(alreadyReviewedReply("abcdef0123456789")).toContain("`abcdef0`");
    expect(usageReply("ask")).toContain("/ask Why");
    expect(usageReply("forget")).toContain("/forget a1b2c3d");
    expect(chatDisabledReply()).toContain("chat.enabled: false");
    expect(learningsDisabledReply()).toContain("learnings.enabled: false");
  });
});

describe("helpReply", () => {
  it("lists every command, who may run them, the effective config and the version", () => {
    const text = helpReply({ appSlug: "pr-reviewer", version: "1.2.3", config: DEFAULT_REPO_CONFIG, configProblems: [] });
    for (const usage of ["/review", "/review full", "/pause", "/resume", "/ask <question>", "/resolve", "/learnings", "/forget <id>", "/help"]) expect(text).toContain(`\`${usage}\``);
    expect(text).toContain("`1.2.3`");
    expect(text).toContain("at least **write** permission");
    expect(text).toContain('"min_permission": "write"');
    expect(text).toContain("Reply in one of my review threads");
    expect(text).not.toContain("WARNING");
  });

  it("follows the config: anyone, mention-only, chat off, and reports config problems", () => {
    const open = parseRepoConfig({ commands: { min_permission: "none" }, chat: { auto_reply: false } }).config;
    const text = helpReply({ appSlug: "pr-reviewer", version: "1", config: open, configProblems: [] });
    expect(text).toContain("Anyone who can comment");
    expect(text).toContain("when mentioned (`@pr-reviewer`");
    const off = helpReply({ appSlug: "x", version: "1", config: parseRepoConfig({ chat: { enabled: false } }).config, configProblems: ["`fail_on`: bad"] });
    expect(off).toContain("turned off");
    expect(off).toContain("> - `fail_on`: bad");
  });
});

describe("learningsReply and forgetReply", () => {
  it("lists lessons newest first with their ids, files and where they came from", () => {
    const older = learning("Old | lesson", "2026-01-01T00:00:00Z", "dismissed", "resolved");
    const newer = learning("New lesson", "2026-02-01T00:00:00Z", "confirmed");
    const conceded = learning("Withdrawn one", "2025-12-01T00:00:00Z", "dismissed", "conceded");
    const down = learning("Thumbs down", "2025-11-01T00:00:00Z");
    const text = learningsReply([older, newer, conceded, down]);
    expect(text).toContain("(4)");
    expect(text.indexOf("New lesson")).toBeLessThan(text.indexOf("Old \\| lesson"));
    expect(text).toContain(`| \`${newer.id}\` | ✅ wanted: New lesson | \`src/*.ts\` | 👍 by \`alice\` on #7, 2026-02-01 |`);
    expect(text).toContain("thread resolved without a code change");
    expect(text).toContain("withdrawn in its thread");
    expect(text).toContain("👎 by `alice`");
  });

  it("says how to teach when there is nothing, and shortens a long list", () => {
    expect(learningsReply([])).toContain("Nothing learnt");
    const many = Array.from({ length: 250 }, (_, i) => learning(`Lesson ${i}`, `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}Z`));
    expect(learningsReply(many)).toContain("… and 50 older.");
  });

  it("says what was forgotten, or that there was no such lesson", () => {
    const l = learning("Null check", "2026-01-01T00:00:00Z");
    expect(forgetReply(l.id, l)).toContain(`Forgot \`${l.id}\``);
    expect(forgetReply("zzz", undefined)).toContain("no learning `zzz`");
  });
});
