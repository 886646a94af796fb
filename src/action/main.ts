import { VERSION } from "../version.js";
import { createActionLogger } from "./action-log.js";
import { runAction } from "./run-action.js";
import { annotation } from "./workflow-commands.js";

/** The Action's entry point (bundled into dist-action/index.js): the step's exit code is the review's verdict. */
async function main(): Promise<void> {
  const log = await createActionLogger(process.env, process.stdout);
  const cancelled = new AbortController();
  // A cancelled run gets SIGINT, then SIGTERM a few seconds later: stop the review so its check run says so.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => cancelled.abort());
  process.exitCode = await runAction({ env: process.env, out: process.stdout, log, version: VERSION, cancelled: cancelled.signal });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stdout.write(`${annotation("error", `pr-reviewer failed unexpectedly: ${message}`)}\n`);
  process.exitCode = 1;
});
