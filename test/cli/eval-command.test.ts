import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { JUDGE_TOOL_NAME } from "../../src/adapters/model/openai-judge.js";
import type { EvalCommand } from "../../src/cli/eval-args.js";
import { runEvalCommand, type EvalCommandIo } from "../../src/cli/eval-command.js";
import { ModelError } from "../../src/core/errors.js";
import type { CaseReview, EvalCase, ReviewCase } from "../../src/core/eval/types.js";
import { startFakeModel, toolCallCompletion, type FakeModel } from "../helpers/fake-model.js";

let dataset: string;

function write(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(dataset, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
}

const lines = (count: number, change: (n: number) => string = (n) => `x${n} = ${n}`): string =>
  Array.from({ length: count }, (_, i) => `${change(i + 1)}\n`).join("");

beforeAll(() => {
  dataset = mkdtempSync(join(tmpdir(), "eval-command-"));
  write({
    "bug/case.yaml": "id: bug\nexpected:\n  - path: calc.py\n    line: 5\n    description: divides by the wrong count\n",
    "bug/before/calc.py": lines(10),
    "bug/after/calc.py": lines(10, (n) => (n === 5 ? "x5 = total / (count - 1)" : `x${n} = ${n}`)),
    "clean/case.yaml": "id: clean\nexpected: []\n",
    "clean/before/util.go": "package util\n",
    "clean/after/util.go": "package util\n\n// Version of the module.\nconst Version = \"1.2.0\"\n",
  });
});
afterAll(() => {
  rmSync(dataset, { recursive: true, force: true });
});

let fake: FakeModel | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const answer = (findings: CaseReview["findings"]): CaseReview => ({ findings, usage: { promptTokens: 500, completionTokens: 50 }, modelCalls: 1, durationMs: 1500 });

/** A reviewer with known answers: the bug is found, and the clean case gets a false alarm. */
const knownAnswers: ReviewCase = async (evalCase: EvalCase) => {
  if (evalCase.id === "bug") return answer([{ path: "calc.py", line: 5, severity: "major", title: "Wrong divisor", body: "count - 1 is not the number of items" }]);
  return answer([{ path: "util.go", line: 4, severity: "nit", title: "Version constant", body: "Consider reading the version from build info" }]);
};

function run(command: Partial<EvalCommand>, io: Partial<EvalCommandIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const full: EvalCommand = { dataset, runs: 1, lineTolerance: 3, format: "json", concurrency: 1, ...command };
  return runEvalCommand(full, {
    reviewCase: knownAnswers,
    env: {},
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...io,
  }).then((code) => ({ code, stdout, stderr }));
}

describe("pr-reviewer eval on a small dataset with known answers", () => {
  it("prints exactly the expected counts as JSON and exits 0", async () => {
    const { code, stdout, stderr } = await run({});
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report["cases"]).toMatchObject([
      { id: "bug", tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 },
      { id: "clean", tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: null },
    ]);
    expect(report["pooled"]).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect((report["pooled"] as { f1: number }).f1).toBeCloseTo(2 / 3, 12);
    expect(report["clean_case_false_alarm_rate"]).toBe(1);
    expect(report["usage"]).toMatchObject({ prompt_tokens: 1000, completion_tokens: 100, model_calls: 2, review_ms: 3000 });
  });

  it("prints a table with --format pretty, and progress lines on stderr when asked", async () => {
    const { code, stdout, stderr } = await run({ format: "pretty", runs: 2 }, { progress: true });
    expect(code).toBe(0);
    expect(stdout).toContain("pr-reviewer eval: 2 cases (1 clean), 2 runs");
    expect(stdout).toMatch(/^pooled \(micro\) +1 +1 +1 +0 +0\.50 +1\.00 +0\.67$/m);
    expect(stderr).toBe(
      [
        "run 1/2 [1/2] bug: TP 1 FP 0 FN 0 (1.5 s)",
        "run 1/2 [2/2] clean: TP 0 FP 1 FN 0 (1.5 s)",
        "run 2/2 [1/2] bug: TP 1 FP 0 FN 0 (1.5 s)",
        "run 2/2 [2/2] clean: TP 0 FP 1 FN 0 (1.5 s)",
        "",
      ].join("\n"),
    );
  });

  it("exits 1 with the figures printed when some reviews failed", async () => {
    const flaky: ReviewCase = async (c) => {
      if (c.id === "clean") throw new ModelError("unavailable", "the model endpoint answered 503 (gave up after 3 retries)");
      return knownAnswers(c);
    };
    const { code, stdout, stderr } = await run({}, { reviewCase: flaky, progress: true });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ pooled: { tp: 1, fp: 0, fn: 0 }, failures: [{ id: "clean", run: 1 }] });
    expect(stderr).toContain("[2/2] clean: review failed: the model endpoint answered 503 (gave up after 3 retries)");
    expect(stderr).toContain("pr-reviewer eval: 1 review(s) failed or were incomplete; see the report\n");
  });

  it("exits 1 too when a review was incomplete, its findings counted", async () => {
    const partial: ReviewCase = async (c) => ({ ...(await knownAnswers(c)), ...(c.id === "bug" ? { incomplete: "1 of 2 parts failed" } : {}) });
    const { code, stdout, stderr } = await run({}, { reviewCase: partial, progress: true });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ pooled: { tp: 1, fp: 1 }, failures: [{ id: "bug", partial: true, error: "1 of 2 parts failed" }] });
    expect(stderr).toContain("[1/2] bug: TP 1 FP 0 FN 0 (incomplete: 1 of 2 parts failed) (1.5 s)");
  });

  it("exits 3, printing nothing on stdout, when the endpoint refuses the key", async () => {
    const refused: ReviewCase = () => Promise.reject(new ModelError("auth", "the model endpoint rejected the API key (HTTP 401)"));
    const { code, stdout, stderr } = await run({}, { reviewCase: refused });
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toBe("pr-reviewer eval: the evaluation could not be done: the model endpoint rejected the API key (HTTP 401)\n");
  });

  it("exits 2 on a dataset it cannot use, naming the problems", async () => {
    const { code, stdout, stderr } = await run({ dataset: join(dataset, "missing") });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`pr-reviewer eval: the dataset ${join(dataset, "missing")} cannot be used; fix these problems:\n  - ${join(dataset, "missing")}: no such directory\n`);
  });

  it("exits 3 when the dataset's diffs cannot be made (no git on the PATH)", async () => {
    const path = process.env["PATH"];
    process.env["PATH"] = join(dataset, "no-such-bin");
    try {
      const { code, stdout, stderr } = await run({});
      expect(code).toBe(3);
      expect(stdout).toBe("");
      expect(stderr).toBe(`pr-reviewer eval: the dataset ${dataset} could not be read: git is not installed or not on PATH; the dataset's diffs are made with git\n`);
    } finally {
      process.env["PATH"] = path;
    }
  });

  it("exits 2 when --judge-model is given without a key for it", async () => {
    const { code, stderr } = await run({ judgeModel: "judge" });
    expect(code).toBe(2);
    expect(stderr).toContain("the judge model cannot be reached; fix these environment variables:\n  - JUDGE_API_KEY: no API key for the judge model");
  });
});

describe("pr-reviewer eval --judge-model", () => {
  it("asks the judge about each pair within the tolerance and counts only its yes", async () => {
    fake = await startFakeModel(() => toolCallCompletion(JUDGE_TOOL_NAME, { reasoning: "A different concern.", verdict: "no" }));
    const { code, stdout } = await run({ judgeModel: "judge/model" }, { env: { JUDGE_BASE_URL: fake.baseUrl, JUDGE_API_KEY: "k", JUDGE_MAX_RETRIES: "0" } });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report["pooled"]).toMatchObject({ tp: 0, fp: 2, fn: 1 });
    expect(report["location_only"]).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(report["usage"]).toMatchObject({ judge_calls: 1 });
    expect(report["settings"]).toMatchObject({ judge_model: "judge/model" });
    expect(fake.chatRequests).toHaveLength(1);
    expect(fake.chatRequests[0]?.model).toBe("judge/model");
  });

  it("exits 3 when the judge's endpoint fails", async () => {
    fake = await startFakeModel(() => ({ status: 404, body: { error: { message: "model not found", type: "invalid_request_error", param: null, code: null } } }));
    const { code, stdout, stderr } = await run({ judgeModel: "nope" }, { env: { JUDGE_BASE_URL: fake.baseUrl, JUDGE_API_KEY: "k" } });
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^pr-reviewer eval: the evaluation could not be done: the judge model nope at http:\/\/127\.0\.0\.1:\d+\/v1 failed: /);
  });
});
