import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { gate } from "../helpers/gate.js";
import { testKeyPair } from "../helpers/keys.js";
import { deliverWebhook } from "../helpers/webhooks.js";
import { ONE_FINDING } from "./support/burst.js";
import { addCachePullRequest, OWNER, prPayload, REPO } from "./support/scenario.js";

const MAIN = resolve("src/main.ts");
const TSX = import.meta.resolve("tsx");
const SECRET = "sigterm-test-secret";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  waitForOutput(pattern: RegExp): Promise<void>;
}

function startMain(env: Readonly<Record<string, string>>): Child {
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    env: { PATH: process.env["PATH"] ?? "", NODE_ENV: "test", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(() => void child.kill("SIGKILL"));
  let text = "";
  const listeners: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString("utf8");
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return {
    process: child,
    exited,
    output: () => text,
    waitForOutput: (pattern) =>
      new Promise((done, fail) => {
        const check = (): void => {
          if (pattern.test(text)) done();
        };
        listeners.push(check);
        check();
        void exited.then((code) => fail(new Error(`exited with ${String(code)} before printing ${String(pattern)}:\n${text}`)));
      }),
  };
}

describe("SIGTERM on the running process (npm start)", () => {
  it("stops taking reviews, lets the running review finish and post, then exits 0", async () => {
    const github: FakeGitHub = await startFakeGitHub();
    cleanups.push(() => github.close());
    github.addRepository({ owner: OWNER, repo: REPO });
    addCachePullRequest(github);
    const hold = gate();
    const model: FakeModel = await startFakeModel(async () => {
      await hold.promise;
      return ONE_FINDING;
    });
    cleanups.push(() => model.close());
    const port = await freePort();
    const child = startMain({
      APP_ID: String(github.appId),
      PRIVATE_KEY: testKeyPair().privateKey,
      WEBHOOK_SECRET: SECRET,
      ...github.env,
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: "sk-sigterm",
      MODEL_MAX_RETRIES: "0",
      HOST: "127.0.0.1",
      PORT: String(port),
      SHUTDOWN_GRACE_MS: "20000",
    });
    await child.waitForOutput(/pr-reviewer ready/);
    const delivery = await deliverWebhook({ url: `http://127.0.0.1:${port}/api/github/webhooks`, secret: SECRET, event: "pull_request", payload: prPayload("opened") });
    expect(delivery.status).toBe(200);
    await model.waitFor((state) => state.chatRequests.length === 1, { timeoutMs: 20_000 });

    child.process.kill("SIGTERM");
    await child.waitForOutput(/shutting down: no new reviews/);
    hold.open();
    expect(await child.exited).toBe(0);

    expect(github.reviews).toHaveLength(1);
    expect(github.checkRuns.map((run) => `${run.status}:${run.conclusion ?? ""}`)).toEqual(["completed:neutral"]);
  });
});
