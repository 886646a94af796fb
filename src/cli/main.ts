#!/usr/bin/env node
import { loadEnvFile } from "./env-file.js";
import { interruptOnSigint, runCli } from "./run-cli.js";

loadEnvFile(process.cwd(), (text) => process.stderr.write(`pr-reviewer: warning: ${text}\n`));

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interruptOnSigint(),
});
