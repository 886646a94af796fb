import { describe, expect, it } from "vitest";
import { retryDecision, retryWrite } from "../../../src/adapters/github/write-retry.js";
import type { Logger } from "../../../src/core/ports.js";

function httpError(status: number, headers: Record<string, string> = {}, message = "error"): Error & { status: number; response: { headers: Record<string, string> } } {
  return Object.assign(new Error(message), { status, response: { headers } });
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FAST = { log: silent, retries: 3, baseDelayMs: 1, maxWaitMs: 5_000 };

describe("GitHub write retries", () => {
  it("waits retry-after seconds on a secondary rate limit (403 or 429), a minute when only the message says so", () => {
    expect(retryDecision(httpError(403, { "retry-after": "7" }), 0, FAST)).toMatchObject({ retry: true, waitMs: 7_000, ambiguous: false });
    expect(retryDecision(httpError(429, { "retry-after": "2" }), 0, FAST)).toMatchObject({ retry: true, waitMs: 2_000 });
    expect(retryDecision(httpError(403, {}, "You have exceeded a secondary rate limit."), 0, FAST)).toMatchObject({ retry: true, waitMs: 60_000 });
  });

  it("waits for the reset when the primary quota is spent, and does not retry other 403s or 4xx", () => {
    const now = 1_000_000_000;
    expect(retryDecision(httpError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 30) }), 0, FAST, now)).toMatchObject({ retry: true, waitMs: 30_000 });
    expect(retryDecision(httpError(403, {}, "Resource not accessible by integration"), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(httpError(422), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(new Error("not HTTP"), 0, FAST)).toEqual({ retry: false });
  });

  it("backs off exponentially on 5xx, which may have taken effect", () => {
    const first = retryDecision(httpError(502), 0, { baseDelayMs: 100 });
    const third = retryDecision(httpError(502), 2, { baseDelayMs: 100 });
    expect(first).toMatchObject({ retry: true, ambiguous: true });
    expect(first.retry && first.waitMs).toBeGreaterThanOrEqual(100);
    expect(third.retry && third.waitMs).toBeGreaterThanOrEqual(400);
  });

  it("returns an earlier attempt's effect instead of writing again", async () => {
    let attempts = 0;
    const result = await retryWrite(
      {
        name: "create review",
        attempt: async () => {
          attempts += 1;
          throw httpError(502);
        },
        alreadyDone: async () => "found",
      },
      FAST,
    );
    expect(result).toBe("found");
    expect(attempts).toBe(1);
  });

  it("gives up after the retries, and refuses waits longer than the maximum with the reason", async () => {
    let attempts = 0;
    const failing = { name: "w", attempt: async () => { attempts += 1; throw httpError(500); } };
    await expect(retryWrite(failing, { ...FAST, retries: 2 })).rejects.toMatchObject({ status: 500 });
    expect(attempts).toBe(3);
    const limited = { name: "create review", attempt: async () => { throw httpError(403, { "retry-after": "600" }); } };
    await expect(retryWrite(limited, FAST)).rejects.toThrow(/GitHub asked to wait 600 s before "create review".*GITHUB_RETRY_MAX_WAIT_MS/);
  });

  it("stops waiting out a rate limit when the job's signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("shut down");
    let attempts = 0;
    const limited = {
      name: "create review",
      attempt: async () => {
        attempts += 1;
        // The wait is ten minutes: only the abort can end it within the test's time limit.
        queueMicrotask(() => controller.abort(reason));
        throw httpError(403, { "retry-after": "600" });
      },
    };
    await expect(retryWrite(limited, { ...FAST, maxWaitMs: 900_000, signal: controller.signal })).rejects.toBe(reason);
    expect(attempts).toBe(1);
  });

  it("still makes the first attempt after the signal aborted, and returns an ambiguous failure's effect instead of giving up", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    const completed = await retryWrite({ name: "complete check run", attempt: async () => "completed" }, { ...FAST, signal: controller.signal });
    expect(completed).toBe("completed");
    const posted = await retryWrite(
      { name: "create review", attempt: async () => { throw httpError(502); }, alreadyDone: async () => "posted by the first attempt" },
      { ...FAST, baseDelayMs: 60_000, maxWaitMs: 900_000, signal: controller.signal },
    );
    expect(posted).toBe("posted by the first attempt");
  });
});
