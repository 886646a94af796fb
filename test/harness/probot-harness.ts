import type { OctokitOptions } from "@octokit/core";
import { createNodeMiddleware, createProbot, ProbotOctokit, type ApplicationFunction, type Probot } from "probot";
import type { FakeGitHub } from "../helpers/fake-github.js";
import { startLocalServer } from "../helpers/http/local-server.js";
import { testKeyPair } from "../helpers/keys.js";
import { deliverForgedWebhook, deliverWebhook, type DeliveryResult } from "../helpers/webhooks.js";

export interface ProbotHarnessOptions {
  /** The app under test. */
  readonly app: ApplicationFunction;
  readonly github: FakeGitHub;
  /** More environment for Probot (and nothing else: the app's own settings are the app's business). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default "fatal": tests assert on behaviour, not logs. */
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /**
   * Keep @octokit/plugin-retry and plugin-throttling on. Off by default: with them, every write waits about
   * a second and errors are retried, which hides what the app does with them.
   */
  readonly keepRetryAndThrottling?: boolean;
}

export interface ProbotHarness {
  readonly probot: Probot;
  /** `http://127.0.0.1:PORT/api/github/webhooks` */
  readonly webhookUrl: string;
  readonly secret: string;
  /** Signs and POSTs a webhook; resolves once Probot answered (after the handlers ran, or 202 after 9 s). */
  deliver(event: string, payload: unknown, deliveryId?: string): Promise<DeliveryResult>;
  deliverForged(event: string, payload: unknown): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/** Probot, configured only through its environment as in production, pointed at a fake GitHub. */
export async function startProbotHarness(options: ProbotHarnessOptions): Promise<ProbotHarness> {
  const secret = "test-webhook-secret";
  const probot = createProbot({
    env: {
      APP_ID: String(options.github.appId),
      PRIVATE_KEY: testKeyPair().privateKey,
      WEBHOOK_SECRET: secret,
      LOG_LEVEL: options.logLevel ?? "fatal",
      ...options.github.env,
      ...options.env,
    },
    overrides: options.keepRetryAndThrottling === true ? {} : { Octokit: withoutRetryAndThrottling() },
  });
  const middleware = await createNodeMiddleware(options.app, { probot });
  const server = await startLocalServer(async (req, res) => {
    const handled = await middleware(req, res);
    if (!handled && !res.headersSent) res.writeHead(404).end();
  });
  const webhookUrl = `${server.origin}/api/github/webhooks`;
  return {
    probot,
    webhookUrl,
    secret,
    deliver: (event, payload, deliveryId) =>
      deliverWebhook({ url: webhookUrl, secret, event, payload, ...(deliveryId === undefined ? {} : { deliveryId }) }),
    deliverForged: (event, payload) => deliverForgedWebhook({ url: webhookUrl, event, payload }),
    close: () => server.close(),
  };
}

function withoutRetryAndThrottling(): typeof ProbotOctokit {
  // A function, not an object: object defaults would be overwritten by the throttle options Probot adds.
  return ProbotOctokit.defaults((instance: OctokitOptions) => ({
    ...instance,
    retry: { enabled: false },
    throttle: { ...instance.throttle, enabled: false },
  }));
}
