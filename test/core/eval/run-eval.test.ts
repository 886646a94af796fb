import { describe, expect, it } from "vitest";
import { ModelError } from "../../../src/core/errors.js";
import { renderEvalReport } from "../../../src/core/eval/render.js";
import { runEval, type EvalProgress } from "../../../src/core/eval/run-eval.js";
import type { CaseReview, EvalCase, ReviewCase } from "../../../src/core/eval/types.js";
import { evalCase, finding, issue, review } from "./support.js";

const cases: EvalCase[] = [
  evalCase("bug-found", [issue("a.ts", 10)]),
  evalCase("bug-half-found", [issue("b.py", 5), issue("b.py", 30, { end_line: 32 })]),
  evalCase("clean-noisy", []),
  evalCase("clean-quiet", []),
];

/** Answers by case id and run (from 0): the reviews a model with known answers would give. */
function fakeReviewer(answers: Record<string, readonly CaseReview[]>): ReviewCase & { calls: string[] } {
  const seen = new Map<string, number>();
  const calls: string[] = [];
  const reviewCase = async (c: EvalCase): Promise<CaseReview> => {
    const run = seen.get(c.id) ?? 0;
    seen.set(c.id, run + 1);
    calls.push(`${c.id}#${run}`);
    const answer = answers[c.id]?.[run] ?? answers[c.id]?.[0];
    if (answer === undefined) throw new Error(`no answer for ${c.id}`);
    return answer;
  };
  return Object.assign(reviewCase, { calls });
}

const firstRun: Record<string, CaseReview> = {
  // The bug is reported one line off (within the tolerance), plus a comment on a line with no bug.
  "bug-found": review([finding("a.ts", 11), finding("a.ts", 40)]),
  // One of two bugs is found.
  "bug-half-found": review([finding("b.py", 6)]),
  // A clean change gets a comment: a false alarm.
  "clean-noisy": review([finding("c.go", 3)]),
  "clean-quiet": review([]),
};

/** A clock that moves 1 s per reading. */
function ticking(): () => number {
  let t = 0;
  return () => (t += 1000);
}

describe("runEval with one run", () => {
  it("prints exactly the expected counts as JSON", async () => {
    const reviewer = fakeReviewer(Object.fromEntries(Object.entries(firstRun).map(([id, r]) => [id, [r]])));
    const report = await runEval(cases, reviewer, { runs: 1, lineTolerance: 3, now: ticking(), dataset: "eval" });
    const json = JSON.parse(renderEvalReport(report, "json")) as Record<string, unknown>;

    expect(json["cases"]).toMatchObject([
      { id: "bug-found", tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, expected: 1, comments: 2, clean: false },
      { id: "bug-half-found", tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, expected: 2, comments: 1 },
      { id: "clean-noisy", tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: null, clean: true },
      { id: "clean-quiet", tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null, clean: true },
    ]);
    const cases0 = json["cases"] as { f1: number | null }[];
    expect(cases0[0]?.f1).toBeCloseTo(2 / 3, 12);
    expect(cases0[1]?.f1).toBeCloseTo(2 / 3, 12);

    expect(json["pooled"]).toMatchObject({ tp: 2, fp: 2, fn: 1, precision: 0.5 });
    const pooled = json["pooled"] as { recall: number; f1: number };
    expect(pooled.recall).toBeCloseTo(2 / 3, 12);
    expect(pooled.f1).toBeCloseTo(4 / 7, 12);
    expect(json["clean_case_false_alarm_rate"]).toBe(0.5);
    expect(json["usage"]).toMatchObject({
      prompt_tokens: 4000,
      completion_tokens: 400,
      model_calls: 4,
      judge_calls: 0,
      review_ms: 8000,
      wall_ms: 1000,
    });
    expect(json["macro"]).toMatchObject({ precision: 0.5, recall: 0.75 });
    expect(json["comments_per_case"]).toBe(1);
    expect(json["clean_cases"]).toBe(2);
    expect(json["settings"]).toEqual({ runs: 1, line_tolerance: 3, judge_model: null, dataset: "eval" });
    expect(json["failures"]).toEqual([]);
    expect(json).not.toHaveProperty("location_only");
  });

  it("prints the same figures as a table", async () => {
    const reviewer = fakeReviewer(Object.fromEntries(Object.entries(firstRun).map(([id, r]) => [id, [r]])));
    const report = await runEval(cases, reviewer, { runs: 1, lineTolerance: 3, now: ticking() });
    expect(renderEvalReport(report, "pretty")).toBe(
      [
        "pr-reviewer eval: 4 cases (2 clean), 1 run, line tolerance 3, no judge",
        "",
        "case                   expected  comments  TP  FP  FN  precision  recall    F1",
        "---------------------  --------  --------  --  --  --  ---------  ------  ----",
        "bug-found                     1         2   1   1   0       0.50    1.00  0.67",
        "bug-half-found                2         1   1   0   1       1.00    0.50  0.67",
        "clean-noisy               clean         1   0   1   0       0.00       –     –",
        "clean-quiet               clean         0   0   0   0          –       –     –",
        "pooled (micro)                          1   2   2   1       0.50    0.67  0.57",
        "mean of cases (macro)                                       0.50    0.75  0.67",
        "",
        "clean cases with a finding: 50.0% of 2",
        "tokens: 4,000 prompt + 400 completion; 4 model calls; review time 8.0 s (summed over cases), wall time 1.0 s",
        "",
      ].join("\n"),
    );
  });

  it("the line tolerance decides: with 0 the finding one line off the bug is a false positive", async () => {
    const reviewer = fakeReviewer(Object.fromEntries(Object.entries(firstRun).map(([id, r]) => [id, [r]])));
    const report = await runEval(cases, reviewer, { runs: 1, lineTolerance: 0 });
    expect(report.pooled).toMatchObject({ tp: 0, fp: 4, fn: 3, precision: 0, recall: 0, f1: 0 });
  });
});

describe("runEval with several runs", () => {
  const secondRun: Record<string, CaseReview> = {
    ...firstRun,
    "bug-half-found": review([finding("b.py", 6), finding("b.py", 33)], { usage: { promptTokens: 3000, completionTokens: 300 }, modelCalls: 2 }),
    "clean-noisy": review([]),
  };
  const answers = Object.fromEntries(Object.keys(firstRun).map((id) => [id, [firstRun[id], secondRun[id]].filter((r) => r !== undefined)]));

  it("reports each figure as the mean over runs, with its min and max", async () => {
    const reviewer = fakeReviewer(answers);
    const report = await runEval(cases, reviewer, { runs: 2, lineTolerance: 3, now: ticking() });
    expect(reviewer.calls).toEqual([
      "bug-found#0", "bug-half-found#0", "clean-noisy#0", "clean-quiet#0",
      "bug-found#1", "bug-half-found#1", "clean-noisy#1", "clean-quiet#1",
    ]);
    const half = report.cases[1];
    expect(half).toMatchObject({ id: "bug-half-found", tp: 1.5, fn: 0.5, recall: 0.75, comments: 1.5 });
    expect(half?.spread.tp).toEqual({ min: 1, max: 2 });
    // The issue on line 5 was found in both runs, the one on lines 30–32 in the second only.
    expect(half?.found_in_runs).toEqual([2, 1]);
    expect(report.cases[2]?.found_in_runs).toEqual([]);
    expect(half?.spread.recall).toEqual({ min: 0.5, max: 1 });
    expect(half?.usage).toMatchObject({ prompt_tokens: 2000, model_calls: 1.5, spread: { prompt_tokens: { min: 1000, max: 3000 } } });

    // Run 1: TP 2, FP 2, FN 1. Run 2: TP 3, FP 1, FN 0.
    expect(report.runs.map((r) => r.pooled)).toMatchObject([
      { tp: 2, fp: 2, fn: 1, precision: 0.5 },
      { tp: 3, fp: 1, fn: 0, precision: 0.75, recall: 1 },
    ]);
    expect(report.pooled).toMatchObject({ tp: 2.5, fp: 1.5, fn: 0.5, precision: 0.625 });
    expect(report.pooled.spread.precision).toEqual({ min: 0.5, max: 0.75 });
    expect(report.clean_case_false_alarm_rate).toBe(0.25);
    expect(report.spread.clean_case_false_alarm_rate).toEqual({ min: 0, max: 0.5 });
    expect(report.usage).toMatchObject({ prompt_tokens: 5000, model_calls: 4.5, wall_ms: 1000 });
    expect(report.usage.all_runs).toMatchObject({ prompt_tokens: 10_000, model_calls: 9, wall_ms: 2000 });
    expect(report.settings.runs).toBe(2);
  });

  it("shows min–max next to a mean only where runs differ", async () => {
    const report = await runEval(cases, fakeReviewer(answers), { runs: 2, lineTolerance: 3, now: ticking() });
    expect(renderEvalReport(report, "pretty")).toBe(
      [
        "pr-reviewer eval: 4 cases (2 clean), 2 runs (mean, with min–max where runs differ), line tolerance 3, no judge",
        "",
        "case                   expected   comments         TP         FP         FN         precision            recall                F1",
        "---------------------  --------  ---------  ---------  ---------  ---------  ----------------  ----------------  ----------------",
        "bug-found                     1          2          1          1          0              0.50              1.00              0.67",
        "bug-half-found                2  1.5 (1–2)  1.5 (1–2)          0  0.5 (0–1)              1.00  0.75 (0.50–1.00)  0.83 (0.67–1.00)",
        "clean-noisy               clean  0.5 (0–1)          0  0.5 (0–1)          0              0.00                 –                 –",
        "clean-quiet               clean          0          0          0          0                 –                 –                 –",
        "pooled (micro)                           1  2.5 (2–3)  1.5 (1–2)  0.5 (0–1)  0.63 (0.50–0.75)  0.83 (0.67–1.00)  0.71 (0.57–0.86)",
        "mean of cases (macro)                                                        0.63 (0.50–0.75)  0.88 (0.75–1.00)  0.75 (0.67–0.83)",
        "",
        "clean cases with a finding: 25.0% (0.0%–50.0%) of 2",
        "tokens per run: 5,000 prompt + 500 completion; 4.5 model calls; review time 8.0 s (summed over cases), wall time 1.0 s",
        "",
      ].join("\n"),
    );
  });
});

describe("runEval when reviews fail", () => {
  it("counts a failed review as publishing nothing, lists it, and goes on", async () => {
    const reviewer: ReviewCase = async (c) => {
      if (c.id === "bug-half-found") throw new ModelError("unavailable", "the model endpoint answered 503", {
        calls: [{ purpose: "review", usage: { promptTokens: 700, completionTokens: 0 }, durationMs: 1500 }],
      });
      return firstRun[c.id] ?? review([]);
    };
    const report = await runEval(cases, reviewer, { runs: 1, lineTolerance: 3 });
    expect(report.cases[1]).toMatchObject({ tp: 0, fp: 0, fn: 2, failed_runs: 1, usage: { prompt_tokens: 700, model_calls: 1, review_ms: 1500 } });
    expect(report.pooled).toMatchObject({ tp: 1, fp: 2, fn: 2 });
    expect(report.failures).toEqual([{ id: "bug-half-found", run: 1, error: "the model endpoint answered 503", partial: false }]);
    const text = renderEvalReport(report, "pretty");
    expect(text).toContain("bug-half-found (failed ×1)");
    expect(text).toContain("1 review(s) failed and count as publishing nothing:\n  bug-half-found (run 1): the model endpoint answered 503");
  });

  it("counts the findings of an incomplete review and lists why it is incomplete", async () => {
    const reviewer: ReviewCase = async (c) => ({
      ...(firstRun[c.id] ?? review([])),
      ...(c.id === "bug-found" ? { incomplete: "1 of 2 parts failed: the model endpoint answered 503" } : {}),
    });
    const report = await runEval(cases, reviewer, { runs: 1, lineTolerance: 3 });
    expect(report.cases[0]).toMatchObject({ tp: 1, fp: 1, fn: 0, failed_runs: 1 });
    expect(report.failures).toEqual([{ id: "bug-found", run: 1, error: "1 of 2 parts failed: the model endpoint answered 503", partial: true }]);
    const text = renderEvalReport(report, "pretty");
    expect(text).toContain("1 review(s) were incomplete; what the rest found counts:\n  bug-found (run 1): 1 of 2 parts failed: the model endpoint answered 503");
    expect(text).not.toContain("count as publishing nothing");
  });

  it("a failure that is not a model error counts the same, with no usage", async () => {
    const reviewer: ReviewCase = async () => {
      throw new Error("disk full");
    };
    const report = await runEval([cases[0] as EvalCase], reviewer, { runs: 1, lineTolerance: 3 });
    expect(report.cases[0]).toMatchObject({ fn: 1, usage: { prompt_tokens: 0, model_calls: 0 } });
  });

  it("a refused key ends the evaluation: every case would fail the same way", async () => {
    const reviewer: ReviewCase = () => Promise.reject(new ModelError("auth", "the model endpoint rejected the API key (HTTP 401)"));
    await expect(runEval(cases, reviewer, { runs: 1, lineTolerance: 3 })).rejects.toThrow("rejected the API key");
  });

  it("an aborted evaluation stops instead of counting the aborted review", async () => {
    const controller = new AbortController();
    const reviewer: ReviewCase = (_, signal) => {
      controller.abort(new Error("interrupted"));
      return Promise.reject(signal?.reason);
    };
    await expect(runEval(cases, reviewer, { runs: 1, lineTolerance: 3, signal: controller.signal })).rejects.toThrow("interrupted");
  });
});

describe("runEval with a judge", () => {
  it("counts only pairs the judge accepts, and reports the line gate's counts beside them", async () => {
    const reviewer = fakeReviewer({ "bug-found": [review([finding("a.ts", 10, { title: "unrelated style remark" })])] });
    const judge = { name: "judge-model", judge: async (f: { title: string }) => !f.title.includes("style") };
    const report = await runEval([cases[0] as EvalCase], reviewer, { runs: 1, lineTolerance: 3, judge });
    expect(report.pooled).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(report.location_only).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(report.usage.judge_calls).toBe(1);
    expect(report.settings.judge_model).toBe("judge-model");
    const text = renderEvalReport(report, "pretty");
    expect(text).toContain("judge judge-model");
    expect(text).toContain("line gate alone (before the judge): TP 1, FP 0, FN 0, precision 1.00, recall 1.00, F1 1.00");
    expect(text).toContain("1 judge calls");
  });
});

describe("runEval's concurrency and progress", () => {
  it("reviews at most `concurrency` cases at once and keeps the dataset's order in the report", async () => {
    let running = 0;
    let most = 0;
    const pending: (() => void)[] = [];
    const reviewer: ReviewCase = async (c) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => pending.push(resolve));
      running -= 1;
      return firstRun[c.id] ?? review([]);
    };
    const progress: EvalProgress[] = [];
    const evaluation = runEval(cases, reviewer, { runs: 1, lineTolerance: 3, concurrency: 2, onProgress: (p) => progress.push(p) });
    // Release the reviews last-started first, so that they finish out of order.
    while (progress.length < cases.length) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      pending.pop()?.();
    }
    const report = await evaluation;
    expect(most).toBe(2);
    expect(report.cases.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(progress.every((p) => p.total === 4 && p.run === 1 && p.runs === 1)).toBe(true);
  });

  it("refuses an empty dataset and a run count below 1", async () => {
    const reviewer = fakeReviewer({});
    await expect(runEval([], reviewer, { runs: 1, lineTolerance: 3 })).rejects.toThrow("no cases");
    await expect(runEval(cases, reviewer, { runs: 0, lineTolerance: 3 })).rejects.toThrow("runs must be a whole number from 1");
  });
});

describe("the report's edge cases", () => {
  it("without clean cases the false-alarm rate is null, shown as –; long and short times read naturally", async () => {
    const slow: ReviewCase = async () => review([finding("a.ts", 10)], { durationMs: 125_000 });
    const report = await runEval([cases[0] as EvalCase], slow, { runs: 1, lineTolerance: 3, now: ticking() });
    expect(report.clean_case_false_alarm_rate).toBeNull();
    expect(report.clean_cases).toBe(0);
    const text = renderEvalReport(report, "pretty");
    expect(text).toContain("clean cases with a finding: – of 0");
    expect(text).toContain("review time 2 min 5 s (summed over cases), wall time 1.0 s");

    const quick: ReviewCase = async () => review([], { durationMs: 850 });
    const quickText = renderEvalReport(await runEval([cases[0] as EvalCase], quick, { runs: 1, lineTolerance: 3, now: () => 0 }), "pretty");
    expect(quickText).toContain("review time 850 ms (summed over cases), wall time 0 ms");
  });

  it("a report needs at least one run", async () => {
    const { buildReport } = await import("../../../src/core/eval/report.js");
    expect(() => buildReport([], { runs: 0, lineTolerance: 3 })).toThrow("at least one run");
  });
});
