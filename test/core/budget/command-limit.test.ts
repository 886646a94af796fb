import { describe, expect, it } from "vitest";
import { commandLimitMessage, checkRunOutputForSpentBudget, timeUntil, utcMinute } from "../../../src/core/budget/budget-messages.js";
import { personCommandLimiter } from "../../../src/core/budget/command-limit.js";
import { HOUR_WINDOW } from "../../../src/core/budget/rolling-window.js";
import { createMemoryRollingWindow } from "../../../src/adapters/budget/memory-rolling-window.js";

const T0 = Date.UTC(2025, 5, 1, 14, 0, 0);

describe("the per-person command limit", () => {
  it("allows a person `limit` commands an hour per installation, then says when to retry, and counts each refusal", async () => {
    let now = T0;
    let refused = 0;
    const limiter = personCommandLimiter(createMemoryRollingWindow(HOUR_WINDOW, () => now), 2, () => (refused += 1));
    expect(limiter.limit).toBe(2);
    expect(await limiter.tryConsume(1, "octocat")).toEqual({ allowed: true });
    now += 5 * 60_000;
    expect(await limiter.tryConsume(1, "Octocat")).toEqual({ allowed: true });
    // Another installation, another person: their own allowances.
    expect(await limiter.tryConsume(2, "octocat")).toEqual({ allowed: true });
    expect(await limiter.tryConsume(1, "hubot")).toEqual({ allowed: true });
    const refusal = await limiter.tryConsume(1, "OCTOCAT");
    // The first command's minute leaves the hour at 15:01.
    expect(refusal).toEqual({ allowed: false, retryAt: new Date(Date.UTC(2025, 5, 1, 15, 1)) });
    expect(refused).toBe(1);
    now = Date.UTC(2025, 5, 1, 15, 1);
    expect(await limiter.tryConsume(1, "octocat")).toEqual({ allowed: true });
  });

  it("allows everything and stores nothing when unlimited", async () => {
    const window = createMemoryRollingWindow(HOUR_WINDOW, () => T0);
    const limiter = personCommandLimiter(window, undefined);
    expect(limiter.limit).toBeUndefined();
    for (let i = 0; i < 100; i += 1) expect(await limiter.tryConsume(1, "octocat")).toEqual({ allowed: true });
    expect(await window.check("1:octocat", 1, 1)).toEqual({ allowed: true, used: 0 });
  });
});

describe("budget messages", () => {
  it("write times in UTC to the minute and how long until then, rounded up", () => {
    expect(utcMinute(Date.UTC(2025, 5, 1, 9, 5, 30))).toBe("2025-06-01 09:05 UTC");
    expect(timeUntil(T0 + 30_000, T0)).toBe("in 1 min");
    expect(timeUntil(T0 - 30_000, T0)).toBe("in 1 min");
    expect(timeUntil(T0 + 59 * 60_000 + 1, T0)).toBe("in 1 h");
    expect(timeUntil(T0 + 3 * 3600_000 + 12 * 60_000, T0)).toBe("in 3 h 12 min");
  });

  it("tell a person over the command limit which setting and when to retry", () => {
    expect(commandLimitMessage(30, new Date(T0 + 10 * 60_000), T0)).toBe(
      "You have run 30 model-spending commands in the last hour, the limit per person (`PERSON_HOURLY_COMMAND_LIMIT`). Try again after 2025-06-01 14:10 UTC (in 10 min).",
    );
  });

  it("give a commit not reviewed for a spent token budget a neutral check run naming the budget, whose it is, and when it frees up", () => {
    const output = checkRunOutputForSpentBudget(
      { owner: { kind: "installation", key: "installation:1" }, limit: 1_000_000, used: 1_234_567, freesAt: T0 + 2 * 3600_000 },
      T0,
    );
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe("Not reviewed: INSTALLATION_DAILY_TOKEN_BUDGET spent until 2025-06-01 16:00 UTC");
    expect(output.summary).toContain("the model tokens used by this GitHub App installation in the last 24 hours (1,234,567) reached its daily budget, `INSTALLATION_DAILY_TOKEN_BUDGET` (1,000,000)");
    expect(output.summary).toContain("The budget frees up at **2025-06-01 16:00 UTC** (in 2 h)");
    const repository = checkRunOutputForSpentBudget({ owner: { kind: "repository", key: "repository:o/r" }, limit: 10, used: 10, freesAt: T0 + 60_000 }, T0);
    expect(repository.summary).toContain("used by this repository");
  });
});
