import { describe, expect, it } from "vitest";
import { GitHubRateLimitError } from "../../../src/adapters/github/request-retries.js";
import { retryDecision, retryWrite } from "../../../src/adapters/github/write-retry.js";
import type { Logger } from "../../../src/core/ports.js";

function httpError(status: number, headers: Record<string, string> = {}, message = "error"): Error & { status: number; response: { headers: Record<string, string> } } {
  return Object.assign(new Error(message), { status, response: { headers } });
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FAST = { log: silent, retries: 3, baseDelayMs: 1 };

describe("GitHub write retries", () => {
  it("does not retry a rate limit or a rate limit the client gave up on: the client waits those out, so no write is retried twice over", async () => {
    expect(retryDecision(httpError(403, { "retry-after": "7" }, "You have exceeded a secondary rate limit."), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(httpError(429, { "retry-after": "2" }), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(new GitHubRateLimitError("secondary", "POST /x", "too long", { cause: httpError(403) }), 0, FAST)).toEqual({ retry: false });
    let attempts = 0;
    const limited = { name: "create review", attempt: async () => { attempts += 1; throw httpError(403, { "retry-after": "1" }, "You have exceeded a secondary rate limit."); } };
    await expect(retryWrite(limited, FAST)).rejects.toMatchObject({ status: 403 });
    expect(attempts).toBe(1);
  });

  it("does not retry other 4xx or errors without a status", () => {
    expect(retryDecision(httpError(403, {}, "Resource not accessible by integration"), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(httpError(422), 0, FAST)).toEqual({ retry: false });
    expect(retryDecision(new Error("not HTTP"), 0, FAST)).toEqual({ retry: false });
  });

  it("backs off exponentially on 5xx, which may have taken effect", () => {
    const first = retryDecision(httpError(502), 0, { baseDelayMs: 100 });
    const third = retryDecision(httpError(502), 2, { baseDelayMs: 100 });
    expect(first).toMatchObject({ retry: true, why: "GitHub error (HTTP 502)" });
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

  it("gives up after the retries with the last error", async () => {
    let attempts = 0;
    const failing = { name: "w", attempt: async () => { attempts += 1; throw httpError(500); } };
    await expect(retryWrite(failing, { ...FAST, retries: 2 })).rejects.toMatchObject({ status: 500 });
    expect(attempts).toBe(3);
  });

  it("stops waiting to retry when the job's signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("shut down");
    let attempts = 0;
    const limited = {
      name: "create review",
      attempt: async () => {
        attempts += 1;
        // The backoff is ten minutes: only the abort can end it within the test's time limit.
        queueMicrotask(() => controller.abort(reason));
        throw httpError(503);
      },
    };
    await expect(retryWrite(limited, { ...FAST, baseDelayMs: 600_000, signal: controller.signal })).rejects.toBe(reason);
    expect(attempts).toBe(1);
  });

  it("still makes the first attempt after the signal aborted, and returns an ambiguous failure's effect instead of giving up", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    const completed = await retryWrite({ name: "complete check run", attempt: async () => "completed" }, { ...FAST, signal: controller.signal });
    expect(completed).toBe("completed");
    const posted = await retryWrite(
      { name: "create review", attempt: async () => { throw httpError(502); }, alreadyDone: async () => "posted by the first attempt" },
      { ...FAST, baseDelayMs: 60_000, signal: controller.signal },
    );
    expect(posted).toBe("posted by the first attempt");
  });
});
