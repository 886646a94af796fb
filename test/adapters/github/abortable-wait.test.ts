import { describe, expect, it } from "vitest";
import { retryWaits } from "../../../src/adapters/github/abortable-wait.js";

describe("waits between retries of a job's requests", () => {
  it("waits while the job runs, and gives up as soon as the job is stopped during the wait", async () => {
    const job = new AbortController();
    const wait = retryWaits(job.signal, 1_000);
    await expect(wait(1)).resolves.toBe(true);
    const waiting = wait(60_000);
    job.abort(new Error("superseded"));
    await expect(waiting).resolves.toBe(false);
  });

  it("after the stop, makes a wait that ends within the grace and refuses one that would end after it", async () => {
    const job = new AbortController();
    const wait = retryWaits(job.signal, 1_000);
    job.abort(new Error("shutdown"));
    await expect(wait(5)).resolves.toBe(true);
    await expect(wait(60_000)).resolves.toBe(false);
  });

  it("counts the grace from the stop, not from each wait", async () => {
    const job = new AbortController();
    job.abort(new Error("stopped before the first retry"));
    const wait = retryWaits(job.signal, 30);
    await expect(wait(20)).resolves.toBe(true);
    await expect(wait(20)).resolves.toBe(false);
  });

  it("waits without a job signal", async () => {
    await expect(retryWaits(undefined)(1)).resolves.toBe(true);
  });
});
