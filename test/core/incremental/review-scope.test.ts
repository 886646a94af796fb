import { describe, expect, it } from "vitest";
import type { ChangedFile } from "../../../src/core/diff/types.js";
import { comparisonBase, MAX_COMPARE_FILES, scopeFromComparison } from "../../../src/core/incremental/review-scope.js";

const file = (path: string, over: Partial<ChangedFile> = {}): ChangedFile => ({ path, status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", additions: 1, deletions: 1, ...over });
const state = { version: 1 as const, headSha: "a".repeat(40), findings: [] };

describe("choosing what to review", () => {
  it.each([
    ["a re-run", { state, fullRequested: true }, { full: "a full review was requested" }],
    ["a pull request without state", { state: undefined, fullRequested: false }, { full: "first review of this pull request" }],
    ["a push after a review", { state, fullRequested: false }, { baseSha: "a".repeat(40) }],
  ])("compares or not for %s", (_name, input, expected) => {
    expect(comparisonBase({ ...input, headSha: "c".repeat(40), pullRequestFiles: [] })).toEqual(expected);
  });

  it("reviews only the pushed files that are part of the pull request, and marks deleted or reverted files as gone", () => {
    const scope = scopeFromComparison("a".repeat(40), {
      status: "ahead",
      files: [file("src/a.ts"), file("src/reverted.ts"), file("src/deleted.ts", { status: "removed" })],
    }, [file("src/a.ts"), file("src/b.ts")]);
    if (scope.kind !== "incremental") throw new Error(`expected an incremental review, got ${scope.reason}`);
    expect(scope.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect([...scope.gone]).toEqual(["src/reverted.ts", "src/deleted.ts"]);
    expect(scope.changed.map((d) => d.path)).toEqual(["src/a.ts", "src/reverted.ts"]);
  });

  it.each([
    ["a force-push (diverged)", { status: "diverged" as const, files: [] }, /force-push/],
    ["a head behind the last review", { status: "behind" as const, files: [] }, /force-push/],
    ["a last head GitHub no longer knows", undefined, /no longer known/],
    ["a push of too many files", { status: "ahead" as const, files: Array.from({ length: MAX_COMPARE_FILES }, (_, i) => file(`f${i}`)) }, /too many files/],
  ])("reviews everything after %s", (_name, comparison, reason) => {
    const scope = scopeFromComparison("a".repeat(40), comparison, []);
    expect(scope.kind).toBe("full");
    expect(scope.kind === "full" ? scope.reason : "").toMatch(reason);
  });
});
