import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../adapters/logging.js";
import { LOG_LEVELS } from "../config/github-env.js";

const FRAME = new Set(["level", "time", "pid", "hostname", "name", "msg", "v"]);
const LABELS: ReadonlyArray<readonly [number, string]> = [[60, "fatal"], [50, "error"], [40, "warning"], [30, "info"], [20, "debug"], [0, "trace"]];

/** One JSON log line as `pr-reviewer: warning: message {details}` for a person reading standard error. */
export function formatCliLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof entry["level"] === "number" ? entry["level"] : 30;
  const label = LABELS.find(([min]) => level >= min)?.[1] ?? "info";
  // An error's message says what went wrong; its stack is for LOG_LEVEL=debug readers of the JSON, not a terminal.
  const err = entry["err"];
  const cause = typeof err === "object" && err !== null && "message" in err && typeof err.message === "string" ? `: ${err.message}` : "";
  const rest = Object.entries(entry).filter(([key]) => !FRAME.has(key) && key !== "err");
  const details = rest.length === 0 ? "" : ` ${JSON.stringify(Object.fromEntries(rest))}`;
  return `pr-reviewer: ${label}: ${typeof entry["msg"] === "string" ? entry["msg"] : ""}${cause}${details}`;
}

/**
 * The command line's logger: the App's (secrets redacted) on standard error, quiet below warnings unless
 * LOG_LEVEL asks for more, so that standard output holds only the result.
 */
export async function createCliLogger(env: Readonly<Record<string, string | undefined>>, err: NodeJS.WritableStream): Promise<Logger> {
  const wanted = env["LOG_LEVEL"];
  const level = LOG_LEVELS.find((candidate) => candidate === wanted) ?? "warn";
  let pending = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line !== "") err.write(`${formatCliLogLine(line)}\n`);
      callback();
    },
  });
  return createLogger({ logLevel: level, logFormat: "json" }, sink);
}
