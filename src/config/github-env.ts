import { getPrivateKey } from "@probot/get-private-key";
import { z } from "zod";
import { emptyToUndefined } from "./env-values.js";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** Probot's own variables, validated here so that a mistake is reported at start-up in plain words. */
export const ServerEnvSchema = z.object({
  APP_ID: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "set APP_ID to the GitHub App's numeric ID (shown on the app's settings page)" }).int().positive(),
  ),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string({ message: "set WEBHOOK_SECRET to the webhook secret entered in the GitHub App's settings" }),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65_535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default("localhost")),
  WEBHOOK_PATH: z.preprocess(emptyToUndefined, z.string().startsWith("/").default("/api/github/webhooks")),
  GHE_HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  WEBHOOK_PROXY_URL: z.preprocess(emptyToUndefined, z.url({ message: "WEBHOOK_PROXY_URL must be a URL such as https://smee.io/abc" }).optional()),
  GHE_PROTOCOL: z.preprocess(emptyToUndefined, z.enum(["http", "https"]).default("https")),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default("info")),
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(["json", "pretty"]).optional()),
  NODE_ENV: z.string().optional(),
});

export interface ServerSettings {
  readonly appId: number;
  readonly privateKey: string;
  readonly webhookSecret: string;
  readonly port: number;
  readonly host: string;
  readonly webhookPath: string;
  /** A smee.io channel that forwards GitHub's deliveries to a development machine. */
  readonly webhookProxy?: string;
  /** GitHub's REST API root: api.github.com, or `<protocol>://<GHE_HOST>/api/v3` for GitHub Enterprise Server. */
  readonly baseUrl: string;
  /** The host people open in a browser (github.com or GHE_HOST): the only one text we post may link to. */
  readonly webHost: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: "json" | "pretty";
}

/** True when the app's GitHub credentials are present; without them Probot runs its setup (manifest) flow. */
export function hasGitHubCredentials(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env["APP_ID"]) && Boolean(env["PRIVATE_KEY"] || env["PRIVATE_KEY_PATH"]);
}

function readPrivateKey(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    return getPrivateKey({ env: { ...env } })?.toString() ?? undefined;
  } catch {
    return undefined;
  }
}

export function parseServerEnv(env: Readonly<Record<string, string | undefined>>): { settings?: ServerSettings; problems: string[] } {
  const parsed = ServerEnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const privateKey = readPrivateKey(env);
  if (privateKey === undefined) {
    const given = env["PRIVATE_KEY"] !== undefined || env["PRIVATE_KEY_PATH"] !== undefined;
    problems.push(
      given
        ? "PRIVATE_KEY: not a PEM private key (or PRIVATE_KEY_PATH names no readable .pem file); use the key GitHub generated for the app"
        : "PRIVATE_KEY: set PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (the .pem file GitHub gave you)",
    );
  }
  if (!parsed.success || privateKey === undefined) return { problems };
  const e = parsed.data;
  return {
    problems,
    settings: {
      appId: e.APP_ID,
      privateKey,
      webhookSecret: e.WEBHOOK_SECRET,
      port: e.PORT,
      host: e.HOST,
      webhookPath: e.WEBHOOK_PATH,
      ...(e.WEBHOOK_PROXY_URL !== undefined ? { webhookProxy: e.WEBHOOK_PROXY_URL } : {}),
      baseUrl: e.GHE_HOST ? `${e.GHE_PROTOCOL}://${e.GHE_HOST}/api/v3` : "https://api.github.com",
      webHost: (e.GHE_HOST ?? "github.com").toLowerCase(),
      logLevel: e.LOG_LEVEL,
      logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty"),
    },
  };
}
