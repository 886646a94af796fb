import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

function trackedByGit(cwd: string, path: string): boolean {
  try {
    execFileSync("git", ["ls-files", "--error-unmatch", "--", path], { cwd, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The model settings from `.env` in the current directory, as the App reads its own — unless the file is part of
 * the repository under review: a branch that commits a `.env` could point OPENAI_BASE_URL at its own server and
 * receive the diff and the API key. Variables already set win over the file.
 */
export function loadEnvFile(cwd: string, warn: (text: string) => void): void {
  const path = join(cwd, ".env");
  if (!existsSync(path)) return;
  if (trackedByGit(cwd, ".env")) {
    warn("not reading .env: it is committed to this repository, and settings from the code under review are not trusted; set the variables in your shell");
    return;
  }
  process.loadEnvFile(path);
}
