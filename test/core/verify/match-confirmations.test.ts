import { describe, expect, it } from "vitest";
import { matchConfirmations } from "../../../src/core/verify/match-confirmations.js";
import { checked } from "./support.js";

const list = checked(
  { line: 10, title: "Crash on a cache miss" },
  { line: 12, title: "Stale entry after eviction" },
  { path: "src/store.ts", line: 4, title: "Floating promise" },
);
const confirmed = (findings: unknown[]): string[] => [...matchConfirmations({ summary: "", findings }, list).confirmed].sort();

describe("matchConfirmations", () => {
  it("names a finding by the id its title starts with", () => {
    expect(confirmed([{ path: "src/cache.ts", line: 12, severity: "major", title: "F2: Stale entry after eviction", body: "…", evidence: "line 12" }])).toEqual(["F2"]);
  });

  it("finds the id in the body or the evidence when the title lost it", () => {
    expect(confirmed([{ path: "src/store.ts", line: 4, title: "Floating promise", body: "Confirmed (F3): not awaited." }])).toEqual(["F3"]);
  });

  it("does not take an id whose finding is in another file than the entry names", () => {
    // F3 is in src/store.ts; the entry is about src/cache.ts:10, which is F1.
    expect(confirmed([{ path: "src/cache.ts", line: 10, title: "F3: Crash on a cache miss" }])).toEqual(["F1"]);
  });

  it("matches by path and a line within three of the finding's, the closest title winning", () => {
    expect(confirmed([{ path: "./src/cache.ts", line: "11", title: "Stale entry" }])).toEqual(["F2"]);
    expect(confirmed([{ path: "src/cache.ts", line: 13, title: "cache miss crash" }])).toEqual(["F1"]);
    expect(confirmed([{ path: "src/cache.ts", line: 16, title: "Stale entry after eviction" }])).toEqual([]);
  });

  it("confirms each finding once, and counts what names none of them: it may not add any", () => {
    const result = matchConfirmations(
      {
        findings: [
          { path: "src/cache.ts", line: 10, title: "F1: Crash" },
          { path: "src/cache.ts", line: 10, title: "F1: Crash again" },
          { path: "src/new.ts", line: 1, title: "A new problem" },
          "not an object",
        ],
      },
      list,
    );
    expect([...result.confirmed]).toEqual(["F1"]);
    expect(result.unmatched).toBe(3);
    expect(result.listed).toBe(4);
  });

  it("reads entries that break the schema (no severity, no body) as they arrived", () => {
    expect(confirmed([{ title: "F3" }])).toEqual(["F3"]);
  });

  it("confirms nothing from an empty list or an answer without findings", () => {
    expect(confirmed([])).toEqual([]);
    expect(matchConfirmations("text", list).listed).toBe(0);
  });
});
