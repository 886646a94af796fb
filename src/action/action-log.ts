import type { Logger } from "pino";
import { createLineLogger, fieldsText, formatJsonLogLine, type LogEntry } from "../adapters/logging.js";
import { annotation, debugLine } from "./workflow-commands.js";

/**
 * A log entry as a workflow log line: a warning becomes a `::warning::` annotation (shown on the run's page),
 * debug lines show only when the run is re-run with debug logging, the rest is plain text. Errors stay plain text:
 * the one reason the step failed is written as the `::error::` annotation by the step itself.
 */
function workflowLine({ level, message, fields }: LogEntry): string {
  const text = `${message}${fieldsText(fields)}`;
  if (level < 30) return debugLine(text);
  if (level < 40) return text;
  if (level < 50) return annotation("warning", text);
  return `Error: ${text}`;
}

/** One JSON log line as a workflow log line. */
export function formatLogLine(line: string): string {
  return formatJsonLogLine(line, workflowLine);
}

/** The action's logger: the App's logger (secrets redacted), writing workflow log lines to `out`. */
export function createActionLogger(env: Readonly<Record<string, string | undefined>>, out: NodeJS.WritableStream): Promise<Logger> {
  // RUNNER_DEBUG is set when a run is re-run with "Enable debug logging".
  return createLineLogger(env["RUNNER_DEBUG"] === "1" ? "debug" : "info", out, workflowLine);
}
