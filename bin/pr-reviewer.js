#!/usr/bin/env node
// The `pr-reviewer` command: the compiled CLI, or a clear message when it has not been built yet.
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`pr-reviewer: ${fileURLToPath(entry)} is missing: run \`npm run build\` in ${fileURLToPath(new URL("..", import.meta.url))} first\n`);
  process.exit(2);
}
await import(entry.href);
