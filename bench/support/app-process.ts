/**
 * The app alone in its own process, as in production (info-level JSON logs, to /dev/null or to BENCH_LOG_FILE),
 * so a benchmark measures the app's event loop and not the fakes sharing it. Reads the environment like
 * `npm start`; Probot's GitHub throttling is off (unless BENCH_GITHUB_THROTTLING=true) so a burst's reviews
 * finish in seconds. Prints `listening <port>`.
 */
import { createWriteStream } from "node:fs";
import { createLogger } from "../../src/adapters/logging.js";
import { readSettings } from "../../src/config/settings.js";
import { startServer } from "../../src/server.js";

import { monitorEventLoopDelay } from "node:perf_hooks";
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const settings = readSettings(process.env);
const log = await createLogger({ logLevel: "info", logFormat: "json" }, createWriteStream(process.env["BENCH_LOG_FILE"] ?? "/dev/null"));
const server = await startServer({ settings, githubThrottling: process.env["BENCH_GITHUB_THROTTLING"] === "true", log });
console.log(`listening ${server.port}`);
// The soak asks for a full collection before it reads memory, so its readings are what is kept, not garbage.
const collect = (globalThis as { gc?: () => void }).gc;
process.on("SIGUSR2", () => collect?.());
process.once("SIGTERM", () => {
  console.error(`event loop delay: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`);
  void server.stop().then(() => process.exit(0));
});
