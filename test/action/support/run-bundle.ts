import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * The Node that runs the step: this one, or another given in PR_REVIEWER_STEP_NODE (e.g. a Node 24 binary, the
 * runtime of `runs.using: node24`) to check the bundle on it.
 */
const STEP_NODE = process.env["PR_REVIEWER_STEP_NODE"] ?? process.execPath;

/** The committed bundle, run as GitHub runs an action's `runs.main`. */
export const ACTION_BUNDLE = resolve("dist-action/index.js");

export interface StepRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `$GITHUB_STEP_SUMMARY` after the step. */
  readonly summary: string;
  /** `$GITHUB_OUTPUT` parsed. */
  readonly outputs: Readonly<Record<string, string>>;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    if (match[1] !== undefined && match[3] !== undefined) outputs[match[1]] = match[3];
  }
  return outputs;
}

/**
 * Runs the Action's bundle in a child process with the environment a runner gives a JavaScript action: the event
 * (name, payload file), the step summary and output files, and `env` (INPUT_* variables, GITHUB_TOKEN, …).
 */
export async function runActionStep(eventName: string, payload: unknown, env: Readonly<Record<string, string>>): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-step-"));
  try {
    const eventPath = join(dir, "event.json");
    const summaryPath = join(dir, "step-summary.md");
    const outputPath = join(dir, "output");
    writeFileSync(eventPath, JSON.stringify(payload));
    writeFileSync(summaryPath, "");
    writeFileSync(outputPath, "");
    const stepEnv = {
      PATH: process.env["PATH"] ?? "",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_RUN_ID: "9000",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_SERVER_URL: "https://github.example",
      ...env,
    };
    const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>((done) => {
      execFile(STEP_NODE, [ACTION_BUNDLE], { cwd: dir, env: stepEnv, encoding: "utf8", timeout: 60_000 }, (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ exitCode: code, stdout: out, stderr: err });
      });
    });
    return { exitCode, stdout, stderr, summary: readFileSync(summaryPath, "utf8"), outputs: parseOutputs(readFileSync(outputPath, "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
