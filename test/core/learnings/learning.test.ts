import { describe, expect, it } from "vitest";
import { findingOfComment, verdictOfReactions } from "../../../src/core/learnings/feedback.js";
import { learningFrom, LearningSchema, pathInPattern, pathPatternFor, titleKey, type Learning } from "../../../src/core/learnings/learning.js";
import { suppressLikeDismissed } from "../../../src/core/learnings/suppress.js";
import { renderInlineComment } from "../../../src/core/publish/render-comment.js";
import { inline } from "../publish/support/report.js";

const dismissal = (over: Partial<Parameters<typeof learningFrom>[0]> = {}): Learning =>
  learningFrom({ title: "Missing null check on entry", path: "src/cache.ts", severity: "major", verdict: "dismissed", source: "reaction", by: "alice", pullNumber: 7, commentId: 99, at: "2026-01-01T00:00:00Z", ...over });

describe("titleKey", () => {
  it("keeps what a title says, whatever its wording's order, case, punctuation, filler words and line numbers", () => {
    expect(titleKey("Missing null check on entry")).toBe("check entry missing null");
    expect(titleKey("Entry: missing NULL check (line 12)")).toBe("check entry missing null");
    expect(titleKey("Needless null check on entry")).not.toBe(titleKey("Missing null check on entry"));
  });

  it("keeps the words of a title made of filler only", () => {
    expect(titleKey("It is")).toBe("it is");
  });
});

describe("pathPatternFor and pathInPattern", () => {
  it.each([
    ["src/db/users.ts", "src/db/*.ts"],
    ["main.go", "*.go"],
    ["Makefile", "Makefile"],
    ["src/Dockerfile", "src/Dockerfile"],
    [".eslintrc", ".eslintrc"],
    ["app/[id]/page.tsx", "app/\\[id\\]/*.tsx"],
  ])("%s → %s", (path, pattern) => {
    expect(pathPatternFor(path)).toBe(pattern);
    expect(pathInPattern(pattern, path)).toBe(true);
  });

  it("covers the same folder and file type only", () => {
    expect(pathInPattern("src/db/*.ts", "src/db/orders.ts")).toBe(true);
    expect(pathInPattern("src/db/*.ts", "src/db/sub/orders.ts")).toBe(false);
    expect(pathInPattern("src/db/*.ts", "src/db/orders.js")).toBe(false);
    expect(pathInPattern("*.go", "main_test.go")).toBe(true);
    expect(pathInPattern("*.go", "cmd/main.go")).toBe(false);
    expect(pathInPattern("app/\\[id\\]/*.tsx", "app/i/page.tsx")).toBe(false);
  });
});

describe("learningFrom", () => {
  it("gives the same lesson the same id, and a valid stored shape", () => {
    const a = dismissal();
    const b = dismissal({ title: "Entry missing null check", path: "src/store.ts", by: "bob", verdict: "confirmed" });
    expect(a.id).toMatch(/^[0-9a-f]{7}$/);
    expect(b.id).toBe(a.id);
    expect(dismissal({ path: "lib/cache.ts" }).id).not.toBe(a.id);
    expect(LearningSchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({ pathPattern: "src/*.ts", titleKey: "check entry missing null", severity: "major", commentId: 99 });
    expect(learningFrom({ title: "x", path: "a.ts", verdict: "dismissed", source: "conceded", by: "c", pullNumber: 1, at: "t" })).not.toHaveProperty("severity");
  });
});

describe("suppressLikeDismissed", () => {
  const finding = (title: string, path: string) => ({ title, path });
  const describeIt = (f: { title: string; path: string }) => f;

  it("suppresses a finding like a dismissed one, naming the dismissal", () => {
    const learning = dismissal();
    const result = suppressLikeDismissed([finding("Entry: missing null check", "src/store.ts"), finding("SQL injection", "src/store.ts")], describeIt, [learning]);
    expect(result.kept).toEqual([finding("SQL injection", "src/store.ts")]);
    expect(result.suppressed).toEqual([{ item: finding("Entry: missing null check", "src/store.ts"), learning }]);
  });

  it("keeps findings on other files, other findings, and everything a confirmation covers", () => {
    const items = [finding("Missing null check on entry", "lib/cache.ts"), finding("Missing null check on entry", "src/cache.js")];
    expect(suppressLikeDismissed(items, describeIt, [dismissal()]).suppressed).toEqual([]);
    expect(suppressLikeDismissed([finding("Missing null check on entry", "src/cache.ts")], describeIt, [dismissal({ verdict: "confirmed" })]).suppressed).toEqual([]);
    expect(suppressLikeDismissed([finding("Missing null check on entry", "src/cache.ts")], describeIt, []).kept).toHaveLength(1);
  });
});

describe("findingOfComment", () => {
  it("reads severity, title and fingerprint back from an inline comment this app rendered", () => {
    const comment = inline({ severity: "critical", title: "Token logged @alice", body: "It leaks." });
    expect(findingOfComment(renderInlineComment(comment, { githubHost: "github.com" }))).toEqual({ fingerprint: comment.fingerprint, severity: "critical", title: "Token logged @alice" });
  });

  it("reads a comment without a badge, and none without a fingerprint", () => {
    expect(findingOfComment("Odd title\n\n<!-- pr-reviewer:fp=0000000000000a -->")).toEqual({ fingerprint: "0000000000000a", title: "Odd title" });
    expect(findingOfComment("An answer in a thread.")).toBeUndefined();
  });
});

describe("verdictOfReactions", () => {
  it("counts each person once per kind; more 👎 dismisses, more 👍 confirms, a tie says nothing", () => {
    expect(verdictOfReactions([{ login: "a", content: "-1" }])).toBe("dismissed");
    expect(verdictOfReactions([{ login: "a", content: "-1" }, { login: "a", content: "-1" }, { login: "b", content: "+1" }])).toBeUndefined();
    expect(verdictOfReactions([{ login: "a", content: "+1" }, { login: "b", content: "+1" }, { login: "c", content: "-1" }])).toBe("confirmed");
    expect(verdictOfReactions([{ login: "a", content: "heart" }])).toBeUndefined();
    expect(verdictOfReactions([])).toBeUndefined();
  });
});
