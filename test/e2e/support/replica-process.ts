// A replica of the app in its own process, so a test can kill it with SIGKILL: nothing of the graceful path
// (SIGTERM, closing the worker, releasing locks) runs, as when a machine dies. Started by `crashable-replica.ts`
// with the whole environment; logs JSON lines on stdout.
import { createLogger } from "../../../src/adapters/logging.js";
import { readSettings } from "../../../src/config/settings.js";
import { startServer } from "../../../src/server.js";

const settings = readSettings(process.env);
const log = await createLogger({ logLevel: "debug", logFormat: "json" }, process.stdout);
await startServer({ settings, githubThrottling: false, log });
