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
