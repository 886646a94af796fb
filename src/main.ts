import { existsSync } from "node:fs";
import { run } from "probot";
import { EnvError } from "./config/env.js";
import { hasGitHubCredentials } from "./config/github-env.js";
import { readSettings } from "./config/settings.js";
import { startServer } from "./server.js";

/**
 * `npm start`: with the app's credentials, serve webhooks; without them, Probot's setup page creates the
 * GitHub App from app.yml (manifest flow) and writes the credentials to .env.
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  if (!hasGitHubCredentials(process.env)) {
    console.info("No GitHub App credentials (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH): starting the setup page.");
    console.info("After creating the app there, stop this process and run `npm start` again.");
    await run(() => undefined);
    return;
  }
  const settings = readSettings(process.env);
  const server = await startServer({ settings });
  // A stray rejection (a library's background promise) is logged; it must not take running reviews down with it.
  process.on("unhandledRejection", (reason) => server.log.error({ err: reason }, "unhandled rejection"));
  const shutdown = (signal: string): void => {
    const graceMs = settings.queue.shutdownGraceMs;
    server.log.info({ signal, graceMs }, "shutting down: no new reviews; running ones get the grace period");
    // Recording interrupted reviews needs GitHub; if it does not answer, leave anyway before the orchestrator's SIGKILL.
    setTimeout(() => {
      server.log.error({ graceMs }, "shutdown did not finish in time; exiting");
      process.exit(1);
    }, graceMs + 10_000).unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
