import { Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import type { ServerSettings } from "../config/github-env.js";

/** Never let a credential reach the logs, whatever object a log line carries. */
const REDACTED_PATHS = [
  "*.headers.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers[\"x-hub-signature-256\"]",
  "request.headers.authorization",
  "*.token",
  "token",
  "*.privateKey",
  "privateKey",
  "*.apiKey",
  "apiKey",
];

export async function createLogger(
  settings: Pick<ServerSettings, "logLevel" | "logFormat">,
  destination: NodeJS.WritableStream = process.stdout,
): Promise<Logger> {
  const options = { level: settings.logLevel, name: "pr-reviewer", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  if (settings.logFormat === "json") return pino(options, destination);
  const transform = await getTransformStream({ logFormat: "pretty" });
  transform.pipe(destination);
  return pino(options, transform);
}

/** One parsed JSON log line, for a door that shows log lines as text (a workflow log, a terminal). */
export interface LogEntry {
  readonly level: number;
  readonly message: string;
  /** The line's own fields, without pino's frame (level, time, pid, hostname, name, msg, v). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const FRAME = new Set(["level", "time", "pid", "hostname", "name", "msg", "v"]);

/** `{"key":value,…}` of the fields, with a leading space, or nothing when there are none. */
export function fieldsText(fields: Readonly<Record<string, unknown>>): string {
  return Object.keys(fields).length === 0 ? "" : ` ${JSON.stringify(fields)}`;
}

/** The line as `format` shows it; a line that is not JSON is shown as it is. */
export function formatJsonLogLine(line: string, format: (entry: LogEntry) => string): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof parsed["level"] === "number" ? parsed["level"] : 30;
  const message = typeof parsed["msg"] === "string" ? parsed["msg"] : "";
  return format({ level, message, fields: Object.fromEntries(Object.entries(parsed).filter(([key]) => !FRAME.has(key))) });
}

/**
 * The App's logger (secrets redacted) writing each line, as `format` shows it, to `out`: the Action's workflow log
 * and the command line's standard error.
 */
export function createLineLogger(logLevel: ServerSettings["logLevel"], out: NodeJS.WritableStream, format: (entry: LogEntry) => string): Promise<Logger> {
  let pending = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line !== "") out.write(`${formatJsonLogLine(line, format)}\n`);
      callback();
    },
  });
  return createLogger({ logLevel, logFormat: "json" }, sink);
}
