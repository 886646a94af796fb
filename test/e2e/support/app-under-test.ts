import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLogger } from "../../../src/adapters/logging.js";
import { readSettings } from "../../../src/config/settings.js";
import { startServer, type RunningServer } from "../../../src/server.js";
import type { FakeGitHub } from "../../helpers/fake-github.js";
import type { FakeModel } from "../../helpers/fake-model.js";
import { freePort } from "../../helpers/http/free-port.js";
import { testKeyPair } from "../../helpers/keys.js";
import { deliverForgedWebhook, deliverWebhook, type DeliveryResult } from "../../helpers/webhooks.js";

export const WEBHOOK_SECRET = "e2e-webhook-secret";
export const MODEL_API_KEY = "sk-e2e-model-key-1234567890";

export interface AppUnderTest {
  readonly server: RunningServer;
  readonly webhookUrl: string;
  /** Every log line the app wrote, as JSON text. */
  readonly logs: readonly string[];
  deliver(event: string, payload: unknown, deliveryId?: string): Promise<DeliveryResult>;
  deliverForged(event: string, payload: unknown): Promise<DeliveryResult>;
  /** Resolves when every queued review has finished: the reviews run after the webhook is answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}


/** The environment of an app under test, on a free port, talking to the fakes; `env` adds or overrides. */
export async function appEnvironment(github: FakeGitHub, model: FakeModel, env: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  return {
    APP_ID: String(github.appId),
    PRIVATE_KEY: testKeyPair().privateKey,
    WEBHOOK_SECRET,
    HOST: "127.0.0.1",
    // Probot's Server turns port 0 into 3000 (`port || 3000`), so a free port is picked here.
    PORT: String(await freePort()),
    ...github.env,
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: MODEL_API_KEY,
    MODEL_MAX_RETRIES: "0",
    MODEL_TIMEOUT_MS: "10000",
    // One call at a time keeps the order of the fake model's requests that of the parts; tests of parallel
    // calls set it.
    REVIEW_PART_CONCURRENCY: "1",
    ...env,
  };
}

/** Each app keeps its learnings in a fresh folder unless the test gives DATA_DIR (a restart reuses one). */
function withDataDir(env: Readonly<Record<string, string>>): { env: Readonly<Record<string, string>>; made?: string } {
  if (env["DATA_DIR"] !== undefined) return { env };
  const made = mkdtempSync(join(tmpdir(), "pr-reviewer-data-"));
  return { env: { ...env, DATA_DIR: made }, made };
}

/**
 * The app as `npm start` runs it — environment validated by the same schemas, the real Probot server on a
 * free port — with GitHub and the model replaced by the local fakes. Write throttling and retries are off,
 * and model calls run one at a time unless `env` says otherwise.
 */
export async function startAppUnderTest(github: FakeGitHub, model: FakeModel, given: Readonly<Record<string, string>> = {}): Promise<AppUnderTest> {
  const { env, made } = withDataDir(given);
  const settings = readSettings(await appEnvironment(github, model, env));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  // The production logger (with its redaction), at debug level, so tests can prove no secret reaches a log line.
  const log = await createLogger({ logLevel: "debug", logFormat: "json" }, sink);
  const server = await startServer({ settings, githubThrottling: false, log });
  const webhookUrl = `${server.url}/api/github/webhooks`;
  return {
    server,
    webhookUrl,
    logs,
    deliver: (event, payload, deliveryId) =>
      deliverWebhook({ url: webhookUrl, secret: WEBHOOK_SECRET, event, payload, ...(deliveryId === undefined ? {} : { deliveryId }) }),
    deliverForged: (event, payload) => deliverForgedWebhook({ url: webhookUrl, event, payload }),
    idle: () => server.jobs.onIdle(),
    async close() {
      await server.stop();
      if (made !== undefined) rmSync(made, { recursive: true, force: true });
    },
  };
}

