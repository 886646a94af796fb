import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../adapters/logging.js";
import { annotation, debugLine } from "./workflow-commands.js";

/** pino's fields that are not the details of a line. */
const FRAME = new Set(["level", "time", "pid", "hostname", "name", "msg", "v"]);

function details(entry: Record<string, unknown>): string {
  const rest = Object.entries(entry).filter(([key]) => !FRAME.has(key));
  if (rest.length === 0) return "";
  return ` ${JSON.stringify(Object.fromEntries(rest))}`;
}

/**
 * One JSON log line as a workflow log line: a warning becomes a `::warning::` annotation (shown on the run's page),
 * debug lines show only when the run is re-run with debug logging, the rest is plain text. Errors stay plain text:
 * the one reason the step failed is written as the `::error::` annotation by the step itself.
 */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof entry["level"] === "number" ? entry["level"] : 30;
  const message = `${typeof entry["msg"] === "string" ? entry["msg"] : ""}${details(entry)}`;
  if (level < 30) return debugLine(message);
  if (level < 40) return message;
  if (level < 50) return annotation("warning", message);
  return `Error: ${message}`;
}

/** The action's logger: the App's logger (secrets redacted), writing workflow log lines to `out`. */
export async function createActionLogger(env: Readonly<Record<string, string | undefined>>, out: NodeJS.WritableStream): Promise<Logger> {
  let pending = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line !== "") out.write(`${formatLogLine(line)}\n`);
      callback();
    },
  });
  // RUNNER_DEBUG is set when a run is re-run with "Enable debug logging".
  return createLogger({ logLevel: env["RUNNER_DEBUG"] === "1" ? "debug" : "info", logFormat: "json" }, sink);
}
