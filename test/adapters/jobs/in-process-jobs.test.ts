import { describe, expect, it } from "vitest";
import { createInProcessJobs } from "../../../src/adapters/jobs/in-process-jobs.js";
import type { Logger } from "../../../src/core/ports.js";

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function recordingLogger(): Logger & { readonly errors: object[] } {
  const errors: object[] = [];
  return { info: () => undefined, warn: () => undefined, error: (details) => errors.push(details), errors };
}

describe("in-process job runner", () => {
  it("runs jobs of one key one after another, and the newest waiting job replaces older waiting ones", async () => {
    const jobs = createInProcessJobs(recordingLogger(), 4);
    const ran: string[] = [];
    const first = gate();
    jobs.enqueue("pr#1", async () => {
      ran.push("first started");
      await first.promise;
      ran.push("first done");
    });
    jobs.enqueue("pr#1", async () => void ran.push("second"));
    jobs.enqueue("pr#1", async () => void ran.push("third"));
    first.open();
    await jobs.onIdle();
    expect(ran).toEqual(["first started", "first done", "third"]);
  });

  it("runs different keys side by side, never more than the concurrency limit", async () => {
    const jobs = createInProcessJobs(recordingLogger(), 2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, gate);
    gates.forEach((g, i) =>
      jobs.enqueue(`pr#${i}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await g.promise;
        running -= 1;
      }),
    );
    expect(running).toBe(2);
    gates.forEach((g) => g.open());
    await jobs.onIdle();
    expect(peak).toBe(2);
  });

  it("logs a failed job instead of leaving an unhandled rejection, and keeps going", async () => {
    const log = recordingLogger();
    const jobs = createInProcessJobs(log, 1);
    let after = false;
    jobs.enqueue("a", () => Promise.reject(new Error("boom")));
    jobs.enqueue("b", async () => {
      after = true;
    });
    await jobs.onIdle();
    expect(after).toBe(true);
    expect(log.errors).toEqual([expect.objectContaining({ key: "a", err: expect.objectContaining({ message: "boom" }) })]);
  });

  it("close waits for running jobs and refuses new ones", async () => {
    const jobs = createInProcessJobs(recordingLogger(), 1);
    const running = gate();
    let finished = false;
    jobs.enqueue("a", async () => {
      await running.promise;
      finished = true;
    });
    const closed = jobs.close();
    let refusedRan = false;
    jobs.enqueue("b", async () => {
      refusedRan = true;
    });
    running.open();
    await closed;
    expect(finished).toBe(true);
    expect(refusedRan).toBe(false);
  });
});
