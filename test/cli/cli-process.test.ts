import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModel, toolCallCompletion, type FakeModel } from "../helpers/fake-model.js";
import { GIT_TEST_ENV, type TempRepo } from "../helpers/temp-repo.js";
import { cacheRepo, FINDINGS } from "./support/cache-repo.js";

const MODEL_KEY = "sk-cli-process-key-123456";
const MAIN = resolve("src/cli/main.ts");
const TSX = resolve("node_modules/tsx/dist/loader.mjs");

let model: FakeModel;
let repo: TempRepo;

beforeEach(async () => {
  model = await startFakeModel(() => toolCallCompletion("submit_review", { summary: "Adds a cache.", findings: FINDINGS }), { apiKey: MODEL_KEY });
  repo = cacheRepo();
});

afterEach(async () => {
  repo.remove();
  await model.close();
});

/** `pr-reviewer review …` as a shell runs it: its own process, its working directory, only the environment given. */
function pr(argv: readonly string[], stdin = ""): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ["--import", TSX, MAIN, ...argv],
      { cwd: repo.dir, env: { PATH: process.env["PATH"] ?? "", ...GIT_TEST_ENV }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => done({ exitCode: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

// A process of its own compiles the sources (tsx) and loads the model's tokenizer: slow on a busy machine.
describe("the pr-reviewer command as a process", { timeout: 120_000 }, () => {
  it("takes the model settings from .env in the working directory, and exits with the --fail-on verdict", async () => {
    repo.write(".env", `OPENAI_BASE_URL=${model.baseUrl}\nOPENAI_API_KEY=${MODEL_KEY}\nMODEL_MAX_RETRIES=0\n`);
    const run = await pr(["review", "--format", "json", "--fail-on", "major"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings).toHaveLength(2);
  });

  it("does not read a .env committed to the repository under review, and says why", async () => {
    repo.write(".env", `OPENAI_BASE_URL=${model.baseUrl}\nOPENAI_API_KEY=${MODEL_KEY}\n`);
    repo.commit("Settings from the branch");
    const run = await pr(["review", "--format", "json"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("pr-reviewer: warning: not reading .env: it is committed to this repository");
    expect(run.stderr).toContain("OPENAI_API_KEY: no API key for the model endpoint");
    expect(model.requests).toEqual([]);
  });
});
