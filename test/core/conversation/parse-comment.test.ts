import { describe, expect, it } from "vitest";
import { spendsTokens } from "../../../src/core/conversation/commands.js";
import { parseComment } from "../../../src/core/conversation/parse-comment.js";

const SLUG = "pr-reviewer";
const commandOf = (body: string) => parseComment(body, SLUG).command;

describe("parseComment: slash commands", () => {
  it.each([
    ["/review", { name: "review", full: false }],
    ["/REVIEW", { name: "review", full: false }],
    ["/review full", { name: "review", full: true }],
    ["/Review FULL please", { name: "review", full: true }],
    ["/review please", { name: "review", full: false }],
    ["/pause", { name: "pause" }],
    ["/resume", { name: "resume" }],
    ["/resolve", { name: "resolve" }],
    ["/help", { name: "help" }],
    ["/learnings", { name: "learnings" }],
    ["/forget a1b2c3d", { name: "forget", id: "a1b2c3d" }],
    ["/forget", { name: "forget", id: "" }],
    ["/ask why a Map here?", { name: "ask", question: "why a Map here?" }],
    ["/ask", { name: "ask", question: "" }],
    ["/deploy now", { name: "unknown", word: "deploy" }],
  ])("%j is %j", (body, expected) => {
    expect(commandOf(body)).toEqual(expected);
  });

  it("finds a command on any line of a paragraph, the first one only", () => {
    expect(commandOf("Thanks for the fixes.\n/review\n/pause")).toEqual({ name: "review", full: false });
    expect(commandOf("First paragraph.\n\n  /pause")).toEqual({ name: "pause" });
  });

  it("takes the rest of the comment as the question of /ask", () => {
    expect(commandOf("/ask why is this\nneeded?\n\nAnd is it tested?")).toEqual({ name: "ask", question: "why is this\nneeded?\n\nAnd is it tested?" });
  });

  it("ignores a slash word that is a path, mid-line, or without a word", () => {
    expect(commandOf("/usr/bin is where it lives")).toBeUndefined();
    expect(commandOf("please /review")).toBeUndefined();
    expect(commandOf("/ review")).toBeUndefined();
    expect(commandOf("/review.")).toBeUndefined();
    expect(commandOf("\\/review")).toBeUndefined();
  });

  it("ignores commands in fenced and indented code, code spans, quotes, HTML and lists", () => {
    expect(commandOf("```\n/review\n```")).toBeUndefined();
    expect(commandOf("~~~~sh\n/pause\n~~~~")).toBeUndefined();
    expect(commandOf("    /review")).toBeUndefined();
    expect(commandOf("`/review`")).toBeUndefined();
    expect(commandOf("> /review")).toBeUndefined();
    // A lazy continuation line still belongs to the quote.
    expect(commandOf("> quoted\n/review")).toBeUndefined();
    expect(commandOf("<!-- /review -->")).toBeUndefined();
    expect(commandOf("<details>\n/review\n</details>")).toBeUndefined();
    expect(commandOf("- /review")).toBeUndefined();
    expect(commandOf("# /review")).toBeUndefined();
  });

  it("finds the command after a quote or a code block", () => {
    expect(commandOf("> /pause\n\n/resume")).toEqual({ name: "resume" });
    expect(commandOf("```\n/pause\n```\n/help")).toEqual({ name: "help" });
  });
});

describe("parseComment: mentions", () => {
  it.each([
    ["@pr-reviewer review", { name: "review", full: false }],
    ["@PR-Reviewer pause", { name: "pause" }],
    ["@pr-reviewer[bot] resume", { name: "resume" }],
    ["@pr-reviewer full review", { name: "review", full: true }],
    ["@pr-reviewer review full", { name: "review", full: true }],
    ["@pr-reviewer: /help", { name: "help" }],
    ["@pr-reviewer forget abc", { name: "forget", id: "abc" }],
    ["@pr-reviewer why is the cache unbounded?", { name: "ask", question: "why is the cache unbounded?" }],
    ["@pr-reviewer", { name: "ask", question: "" }],
  ])("%j is %j", (body, expected) => {
    expect(parseComment(body, SLUG)).toEqual({ command: expected, mentioned: true });
  });

  it("does not take another app's mention or a longer name for ours", () => {
    expect(parseComment("@pr-reviewer-two review", SLUG)).toEqual({ mentioned: false });
    expect(parseComment("@other review", SLUG)).toEqual({ mentioned: false });
    expect(parseComment("mail me at me@pr-reviewer.dev", SLUG)).toEqual({ mentioned: false });
  });

  it("tells a mention in the middle of a line, which is no command", () => {
    expect(parseComment("What do you think, @pr-reviewer?", SLUG)).toEqual({ mentioned: true });
    expect(parseComment("- ask @pr-reviewer[bot] about it", SLUG)).toEqual({ mentioned: true });
  });

  it("does not count a mention in code or a quote", () => {
    expect(parseComment("`@pr-reviewer review`", SLUG)).toEqual({ mentioned: false });
    expect(parseComment("> @pr-reviewer review", SLUG)).toEqual({ mentioned: false });
    expect(parseComment("```\n@pr-reviewer review\n```", SLUG)).toEqual({ mentioned: false });
  });

  it("uses the slug given, with regular-expression characters taken literally", () => {
    expect(parseComment("@my.bot review", "my.bot").command).toEqual({ name: "review", full: false });
    expect(parseComment("@myxbot review", "my.bot")).toEqual({ mentioned: false });
  });
});

describe("spendsTokens", () => {
  it("is true for /review and /ask only", () => {
    expect(spendsTokens({ name: "review", full: false })).toBe(true);
    expect(spendsTokens({ name: "ask", question: "?" })).toBe(true);
    for (const name of ["pause", "resume", "resolve", "help", "learnings"] as const) expect(spendsTokens({ name })).toBe(false);
    expect(spendsTokens({ name: "forget", id: "x" })).toBe(false);
    expect(spendsTokens({ name: "unknown", word: "x" })).toBe(false);
  });
});
