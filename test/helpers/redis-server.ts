import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./http/free-port.js";

export type TestRedis = { readonly url: string; stop(): Promise<void> } | { readonly url: undefined; readonly skipReason: string };


function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${String(code)}:\n${output}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Ready to accept connections")) resolve();
    });
  });
}

/**
 * The Redis the BullMQ tests run against: TEST_REDIS_URL when .ci/run started one, otherwise a throw-away
 * `redis-server` (no persistence) on a free loopback port. Without one the tests are skipped with the reason,
 * except in CI (CI=true), where a missing Redis is a failure.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const given = process.env["TEST_REDIS_URL"];
  if (given !== undefined && given !== "") return { url: given, stop: async () => undefined };
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    await waitUntilReady(child);
  } catch (error) {
    child.kill("SIGKILL");
    const reason = `no Redis for the BullMQ tests: set TEST_REDIS_URL or install redis-server (apt-get install redis-server): ${error instanceof Error ? error.message : String(error)}`;
    if (process.env["CI"] === "true") throw new Error(`${reason} (CI must run them)`);
    return { url: undefined, skipReason: reason };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
