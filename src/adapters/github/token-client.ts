import { Octokit } from "@octokit/rest";
import { config } from "@probot/octokit-plugin-config";
import type { Logger } from "../../core/ports.js";

/**
 * GitHub's API with a plain token (a workflow's GITHUB_TOKEN, a person's token on the command line) instead of an
 * App's installation: the same REST client shape Probot hands the App, with its config plugin (the repository's
 * config file from the default branch). No retry or throttling plugin: the engine wraps each job's client to wait
 * out rate limits and retry reads (`withRequestRetries`), and retries a write only after looking for its effect.
 */
const TokenOctokit = Octokit.plugin(config);

export type TokenClient = InstanceType<typeof TokenOctokit>;

export interface TokenClientOptions {
  readonly token: string;
  /** The REST API root: `https://api.github.com`, or GitHub Enterprise Server's `https://host/api/v3`. */
  readonly baseUrl: string;
  readonly userAgent: string;
  readonly log: Logger;
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const { log } = options;
  return new TokenOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent,
    // Octokit logs every request, and every failed one as an error; a failure is the caller's to report (a 404
    // for an optional file such as AGENTS.md is expected), so only its warnings (deprecations) are kept.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn({}, message),
      error: () => undefined,
    },
  });
}
