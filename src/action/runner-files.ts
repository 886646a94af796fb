import { appendFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";

/** GitHub refuses a step summary over 1 MiB. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

const TRUNCATED = "\n\n… (shortened: GitHub shows at most 1 MiB of a step's summary)\n";

/** Appends Markdown to the step's job summary (`$GITHUB_STEP_SUMMARY`), shortened to GitHub's limit. */
export async function writeStepSummary(path: string, markdown: string): Promise<void> {
  const bytes = Buffer.byteLength(markdown, "utf8");
  let text = markdown;
  if (bytes > STEP_SUMMARY_LIMIT) {
    const room = STEP_SUMMARY_LIMIT - Buffer.byteLength(TRUNCATED, "utf8");
    text = Buffer.from(markdown, "utf8").subarray(0, room).toString("utf8").replace(/\uFFFD$/, "") + TRUNCATED;
  }
  await appendFile(path, text, "utf8");
}

/** Sets step outputs through `$GITHUB_OUTPUT`, each with a fresh delimiter so a value may span lines. */
export async function writeOutputs(path: string, outputs: Readonly<Record<string, string>>): Promise<void> {
  const lines = Object.entries(outputs).map(([name, value]) => {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  await appendFile(path, lines.join(""), "utf8");
}
