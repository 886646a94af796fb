import type { Logger } from "pino";
import { createLineLogger, fieldsText, type LogEntry } from "../adapters/logging.js";
import { LOG_LEVELS } from "../config/github-env.js";

const LABELS: ReadonlyArray<readonly [number, string]> = [[60, "fatal"], [50, "error"], [40, "warning"], [30, "info"], [20, "debug"], [0, "trace"]];

/** A log entry as `pr-reviewer: warning: message {details}` for a person reading standard error. */
function terminalLine({ level, message, fields }: LogEntry): string {
  const label = LABELS.find(([min]) => level >= min)?.[1] ?? "info";
  // An error's message says what went wrong; its stack is for LOG_LEVEL=debug readers of the JSON, not a terminal.
  const { err, ...rest } = fields;
  const cause = typeof err === "object" && err !== null && "message" in err && typeof err.message === "string" ? `: ${err.message}` : "";
  return `pr-reviewer: ${label}: ${message}${cause}${fieldsText(rest)}`;
}

/**
 * The command line's logger: the App's (secrets redacted) on standard error, quiet below warnings unless
 * LOG_LEVEL asks for more, so that standard output holds only the result.
 */
export function createCliLogger(env: Readonly<Record<string, string | undefined>>, err: NodeJS.WritableStream): Promise<Logger> {
  const wanted = env["LOG_LEVEL"];
  return createLineLogger(LOG_LEVELS.find((candidate) => candidate === wanted) ?? "warn", err, terminalLine);
}
