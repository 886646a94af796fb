import { readFileSync } from "node:fs";
import { z } from "zod";

/** The app's version from package.json (one folder above both src/ and dist/), for /help and the logs. */
export function appVersion(): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    return z.object({ version: z.string() }).parse(manifest).version;
  } catch {
    return "unknown";
  }
}
