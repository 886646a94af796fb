import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../helpers/http/free-port.js";
import { testKeyPair } from "../helpers/keys.js";

const MAIN = resolve("src/main.ts");
const TSX = import.meta.resolve("tsx");

interface Started {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the output matches, rejects if the process exits first. */
  waitForOutput(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Runs `npm start`'s entry point (from source) in a clean directory, with only the given environment. */
function startMain(env: Readonly<Record<string, string>>): Started {
  const cwd = mkdtempSync(join(tmpdir(), "pr-reviewer-start-"));
  dirs.push(cwd);
  // Probot's setup page reads the manifest and the package name from the working directory.
  copyFileSync("app.yml", join(cwd, "app.yml"));
  copyFileSync("package.json", join(cwd, "package.json"));
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", NODE_ENV: "test", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let text = "";
  const listeners: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString("utf8");
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return {
    child,
    output: () => text,
    exited,
    waitForOutput(pattern) {
      return new Promise((done, fail) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) done(match[0]);
        };
        listeners.push(check);
        check();
        void exited.then((code) => fail(new Error(`exited with ${String(code)} before printing ${String(pattern)}:\n${text}`)));
      });
    },
  };
}


afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("start-up (npm start)", () => {
  it("refuses to start without a model API key, saying which variable to set", async () => {
    const started = startMain({ APP_ID: "1", PRIVATE_KEY: testKeyPair().privateKey, WEBHOOK_SECRET: "s" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain("pr-reviewer cannot start; fix these environment variables:");
    expect(started.output()).toContain("OPENAI_API_KEY: no API key for the model endpoint: set OPENAI_API_KEY (or NVIDIA_API_KEY");
  });

  it("serves Probot's setup page, with the app's manifest, when there are no GitHub App credentials", async () => {
    const port = await freePort();
    const started = startMain({ PORT: String(port), NO_SMEE_SETUP: "true" });
    await started.waitForOutput(/Listening on http:\/\/\S+/);
    const response = await fetch(`http://127.0.0.1:${port}/probot`, { headers: { connection: "close" } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("pr-reviewer");
    expect(html).toContain("pull_requests");
    expect(html).toContain("checks");
  });

  it("serves webhooks when the environment is complete", async () => {
    const port = await freePort();
    const started = startMain({
      APP_ID: "1",
      PRIVATE_KEY: testKeyPair().privateKey,
      WEBHOOK_SECRET: "s",
      OPENAI_API_KEY: "k",
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    await started.waitForOutput(/pr-reviewer ready/);
    const ping = await fetch(`http://127.0.0.1:${port}/ping`, { headers: { connection: "close" } });
    expect(await ping.text()).toBe("PONG");
    const unsigned = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "d", connection: "close" },
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  });
});
