import { describe, expect, it } from "vitest";
import { rateLimitOf, type GitHubAnswer } from "../../../src/adapters/github/rate-limits.js";

const RULES = { unnamedWaitMs: 60_000 };
const NOW = 1_700_000_000_000;
const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

function answer(status: number, headers: Record<string, string> = {}, message = "", graphqlErrorTypes: string[] = []): GitHubAnswer {
  return { status, headers, message, graphqlErrorTypes };
}

describe("GitHub's rate-limit rules", () => {
  it("waits retry-after seconds on a secondary limit, 403 or 429", () => {
    expect(rateLimitOf(answer(403, { "retry-after": "1" }, SECONDARY), 0, RULES, NOW)).toEqual({ kind: "secondary", waitMs: 1_000, basis: "retry-after: 1" });
    expect(rateLimitOf(answer(429, { "retry-after": "7" }), 0, RULES, NOW)).toEqual({ kind: "secondary", waitMs: 7_000, basis: "retry-after: 7" });
  });

  it("reads retry-after given as an HTTP date", () => {
    const at = new Date(NOW + 30_000).toUTCString();
    expect(rateLimitOf(answer(403, { "retry-after": at }, SECONDARY), 0, RULES, NOW)).toMatchObject({ waitMs: 30_000 });
  });

  it("waits the configured minute when a secondary limit names no time, doubling each time it repeats", () => {
    const limited = answer(403, { "x-ratelimit-remaining": "4000" }, SECONDARY);
    expect(rateLimitOf(limited, 0, RULES, NOW)).toEqual({ kind: "secondary", waitMs: 60_000, basis: "no retry-after or x-ratelimit-reset" });
    expect(rateLimitOf(limited, 1, RULES, NOW)).toMatchObject({ waitMs: 120_000 });
    expect(rateLimitOf(limited, 2, { unnamedWaitMs: 5 }, NOW)).toMatchObject({ waitMs: 20 });
    // A 429 is a limit whatever its body says; older GitHub Enterprise Server calls the limit "abuse detection".
    expect(rateLimitOf(answer(429), 0, RULES, NOW)).toMatchObject({ kind: "secondary", waitMs: 60_000 });
    expect(rateLimitOf(answer(403, {}, "You have triggered an abuse detection mechanism."), 0, RULES, NOW)).toMatchObject({ kind: "secondary" });
  });

  it("waits until a second after x-ratelimit-reset when the primary quota is spent", () => {
    const reset = String(NOW / 1000 + 30);
    expect(rateLimitOf(answer(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, "API rate limit exceeded for installation ID 1."), 0, RULES, NOW)).toEqual({
      kind: "primary",
      waitMs: 31_000,
      basis: `x-ratelimit-reset: ${new Date(NOW + 30_000).toISOString()}`,
    });
    // A reset already past (clocks differ) is not waited for beyond the margin.
    expect(rateLimitOf(answer(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 - 60) }), 0, RULES, NOW)).toMatchObject({ kind: "primary", waitMs: 0 });
    // retry-after, when GitHub sends it, comes first.
    expect(rateLimitOf(answer(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset, "retry-after": "5" }), 0, RULES, NOW)).toMatchObject({ kind: "primary", waitMs: 5_000 });
    // Without a reset time the quota is treated like an unnamed wait.
    expect(rateLimitOf(answer(403, { "x-ratelimit-remaining": "0" }), 0, RULES, NOW)).toMatchObject({ kind: "primary", waitMs: 60_000 });
  });

  it("takes GraphQL's RATE_LIMITED error, answered with HTTP 200, for a spent quota", () => {
    const reset = String(NOW / 1000 + 10);
    expect(rateLimitOf(answer(200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, "API rate limit exceeded", ["RATE_LIMITED"]), 0, RULES, NOW)).toMatchObject({
      kind: "primary",
      waitMs: 11_000,
    });
    expect(rateLimitOf(answer(200, {}, "Could not resolve to a node", ["NOT_FOUND"]), 0, RULES, NOW)).toBeUndefined();
  });

  it("does not take a missing permission, another 4xx, a 5xx or a success for a limit", () => {
    expect(rateLimitOf(answer(403, { "x-ratelimit-remaining": "4999" }, "Resource not accessible by integration"), 0, RULES, NOW)).toBeUndefined();
    expect(rateLimitOf(answer(404, { "retry-after": "1" }), 0, RULES, NOW)).toBeUndefined();
    expect(rateLimitOf(answer(502, { "retry-after": "1" }), 0, RULES, NOW)).toBeUndefined();
    expect(rateLimitOf(answer(200, { "x-ratelimit-remaining": "0" }), 0, RULES, NOW)).toBeUndefined();
  });
});
