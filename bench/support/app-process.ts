/**
 * The app alone in its own process, as in production (info-level JSON logs, here to /dev/null), so the webhook
 * benchmark measures the app's event loop and not the fakes sharing it. Reads the environment like `npm start`;
 * GitHub write throttling is off so the burst's reviews finish in seconds. Prints `listening <port>`.
 */
import { createWriteStream } from "node:fs";
import { createLogger } from "../../src/adapters/logging.js";
import { readSettings } from "../../src/config/settings.js";
import { startServer } from "../../src/server.js";

import { monitorEventLoopDelay } from "node:perf_hooks";
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const settings = readSettings(process.env);
const log = await createLogger({ logLevel: "info", logFormat: "json" }, createWriteStream("/dev/null"));
const server = await startServer({ settings, githubThrottling: false, log });
console.log(`listening ${server.port}`);
process.once("SIGTERM", () => {
  console.error(`event loop delay: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`);
  void server.stop().then(() => process.exit(0));
});
