import { describe, expect, it } from "vitest";
import { isPermissionDenied, NO_CHECK_RUN, withCheckRunsIfPermitted } from "../../../src/adapters/github/check-runs-if-permitted.js";
import type { Logger, PullRequestHost } from "../../../src/core/ports.js";

const denied = Object.assign(new Error("Resource not accessible by integration"), { status: 403 });

function fakeHost(start: () => Promise<number>): { host: PullRequestHost; calls: string[] } {
  const calls: string[] = [];
  const host = {
    startCheckRun: start,
    completeCheckRun: (id: number) => {
      calls.push(`complete ${id}`);
      return Promise.resolve();
    },
    reportProgress: (id: number) => {
      calls.push(`progress ${id}`);
      return Promise.resolve();
    },
  } as unknown as PullRequestHost;
  return { host, calls };
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("check runs when the token permits them", () => {
  it("tells a missing permission from other refusals", () => {
    expect(isPermissionDenied(denied)).toBe(true);
    expect(isPermissionDenied(Object.assign(new Error("Resource not accessible by personal access token"), { status: 403 }))).toBe(true);
    expect(isPermissionDenied(Object.assign(new Error("You must authenticate via a GitHub App."), { status: 403 }))).toBe(true);
    expect(isPermissionDenied(Object.assign(new Error("You have exceeded a secondary rate limit"), { status: 403 }))).toBe(false);
    expect(isPermissionDenied(Object.assign(new Error("Resource not accessible by integration"), { status: 404 }))).toBe(false);
    expect(isPermissionDenied("nope")).toBe(false);
  });

  it("goes on without a check run after a refusal, and writes nothing to one", async () => {
    const { host, calls } = fakeHost(() => Promise.reject(denied));
    const permission = { denied: false };
    const wrapped = withCheckRunsIfPermitted(host, permission, silent);
    expect(await wrapped.startCheckRun()).toBe(NO_CHECK_RUN);
    expect(permission.denied).toBe(true);
    await wrapped.reportProgress(NO_CHECK_RUN, "half");
    await wrapped.completeCheckRun(NO_CHECK_RUN, { conclusion: "success", title: "t", summary: "s" });
    expect(calls).toEqual([]);
  });

  it("uses the check run when it may, and passes other errors on", async () => {
    const { host, calls } = fakeHost(() => Promise.resolve(77));
    const wrapped = withCheckRunsIfPermitted(host, { denied: false }, silent);
    expect(await wrapped.startCheckRun()).toBe(77);
    await wrapped.reportProgress(77, "half");
    await wrapped.completeCheckRun(77, { conclusion: "success", title: "t", summary: "s" });
    expect(calls).toEqual(["progress 77", "complete 77"]);
    const failing = withCheckRunsIfPermitted(fakeHost(() => Promise.reject(new Error("HTTP 500"))).host, { denied: false }, silent);
    await expect(failing.startCheckRun()).rejects.toThrow("HTTP 500");
    const known = withCheckRunsIfPermitted(fakeHost(() => Promise.resolve(5)).host, { denied: true }, silent);
    expect(await known.startCheckRun()).toBe(NO_CHECK_RUN);
  });
});
