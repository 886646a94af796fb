import type { CaseRun } from "./case-run.js";
import { meanOf, ratio, scoresOf, spreadOf, sumCounts, type Scores, type Spread } from "./metrics.js";

/** Every case of one pass over the dataset, in dataset order. */
export interface EvalRun {
  readonly cases: readonly CaseRun[];
  readonly wallMs: number;
}

export interface EvalSettings {
  readonly runs: number;
  readonly lineTolerance: number;
  readonly judgeModel?: string | undefined;
  /** The dataset directory, for the reader. */
  readonly dataset?: string | undefined;
}

type SpreadOf<K extends string> = { readonly [Key in K]: Spread };

const SCORE_FIGURES = ["tp", "fp", "fn", "precision", "recall", "f1"] as const;
const USAGE_FIGURES = ["prompt_tokens", "completion_tokens", "model_calls", "judge_calls", "review_ms", "wall_ms"] as const;
const CASE_USAGE_FIGURES = ["prompt_tokens", "completion_tokens", "model_calls", "judge_calls", "review_ms"] as const;

type ScoreFigure = (typeof SCORE_FIGURES)[number];
type UsageFigure = (typeof USAGE_FIGURES)[number];
type CaseUsageFigure = (typeof CASE_USAGE_FIGURES)[number];

/** Each figure is the mean over runs; `spread` holds its min and max over runs (equal to it for one run). */
export interface ScoreFigures extends Scores {
  readonly spread: SpreadOf<ScoreFigure>;
}

export type UsageFigures = { readonly [K in UsageFigure]: number } & { readonly spread: SpreadOf<UsageFigure> };
export type CaseUsageFigures = { readonly [K in CaseUsageFigure]: number } & { readonly spread: SpreadOf<CaseUsageFigure> };

export interface CaseFigures extends Scores {
  readonly id: string;
  /** Issues expected; 0 for a clean case. */
  readonly expected: number;
  readonly clean: boolean;
  /** Findings published (TP + FP). */
  readonly comments: number;
  readonly usage: CaseUsageFigures;
  /** For each expected issue, in case.yaml's order: in how many runs a finding matched it. */
  readonly found_in_runs: readonly number[];
  /** Runs in which the review of this case failed (counted as publishing nothing) or was incomplete. */
  readonly failed_runs: number;
  readonly spread: SpreadOf<ScoreFigure | "comments">;
}

export interface MacroFigures {
  /** The mean over cases of each case's figure (cases where it is null left out). */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly spread: SpreadOf<"precision" | "recall" | "f1">;
}

/** One pass over the dataset, for readers who want more than the mean, min and max. */
export interface RunFigures {
  readonly run: number;
  readonly pooled: Scores;
  readonly clean_case_false_alarm_rate: number | null;
  readonly comments_per_case: number | null;
  readonly usage: { readonly [K in UsageFigure]: number };
}

export interface RunFailure {
  readonly id: string;
  readonly run: number;
  readonly error: string;
  /** Part of the review failed and its other findings counted; otherwise the review published nothing. */
  readonly partial: boolean;
}

/**
 * The outcome of `pr-reviewer eval`. `cases`, `pooled`, `clean_case_false_alarm_rate` and `usage` are the
 * documented contract; the other fields are additions. With several runs every figure is the mean over runs.
 */
export interface EvalReport {
  readonly cases: readonly CaseFigures[];
  /** Micro pooling: TP, FP and FN summed over cases, then the ratios. */
  readonly pooled: ScoreFigures;
  /** The share of clean cases with at least one finding; null when the dataset has no clean case. */
  readonly clean_case_false_alarm_rate: number | null;
  /** Per run (the mean over runs); `all_runs` is the sum. */
  readonly usage: UsageFigures & { readonly all_runs: { readonly [K in UsageFigure]: number } };
  readonly macro: MacroFigures;
  readonly comments_per_case: number | null;
  readonly clean_cases: number;
  /** The pooled counts from the line gate alone, when a judge was asked: what the judge turned down. */
  readonly location_only?: ScoreFigures;
  readonly spread: SpreadOf<"clean_case_false_alarm_rate" | "comments_per_case">;
  readonly settings: {
    readonly runs: number;
    readonly line_tolerance: number;
    readonly judge_model: string | null;
    readonly dataset: string | null;
  };
  readonly runs: readonly RunFigures[];
  readonly failures: readonly RunFailure[];
}

function meanNumber(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function spreads<K extends string>(keys: readonly K[], rows: readonly { readonly [Key in K]: number | null }[]): SpreadOf<K> {
  return Object.fromEntries(keys.map((key) => [key, spreadOf(rows.map((row) => row[key]))])) as SpreadOf<K>;
}

function meanScores(rows: readonly Scores[]): ScoreFigures {
  return {
    tp: meanNumber(rows.map((row) => row.tp)),
    fp: meanNumber(rows.map((row) => row.fp)),
    fn: meanNumber(rows.map((row) => row.fn)),
    precision: meanOf(rows.map((row) => row.precision)),
    recall: meanOf(rows.map((row) => row.recall)),
    f1: meanOf(rows.map((row) => row.f1)),
    spread: spreads(SCORE_FIGURES, rows),
  };
}

function caseUsage(run: CaseRun): { readonly [K in CaseUsageFigure]: number } {
  return {
    prompt_tokens: run.promptTokens,
    completion_tokens: run.completionTokens,
    model_calls: run.modelCalls,
    judge_calls: run.judgeCalls,
    review_ms: run.durationMs,
  };
}

function meanUsage<K extends string>(keys: readonly K[], rows: readonly { readonly [Key in K]: number }[]): { readonly [Key in K]: number } {
  return Object.fromEntries(keys.map((key) => [key, meanNumber(rows.map((row) => row[key]))])) as { readonly [Key in K]: number };
}

function caseFigures(runs: readonly CaseRun[]): CaseFigures {
  const first = runs[0];
  if (first === undefined) throw new Error("a case without runs cannot be scored");
  const scored = runs.map((run) => ({ ...scoresOf(run), comments: run.comments }));
  const usageRows = runs.map(caseUsage);
  const mean = meanScores(scored);
  return {
    id: first.id,
    tp: mean.tp,
    fp: mean.fp,
    fn: mean.fn,
    precision: mean.precision,
    recall: mean.recall,
    f1: mean.f1,
    expected: first.expected,
    clean: first.clean,
    comments: meanNumber(scored.map((row) => row.comments)),
    usage: { ...meanUsage(CASE_USAGE_FIGURES, usageRows), spread: spreads(CASE_USAGE_FIGURES, usageRows) },
    found_in_runs: Array.from({ length: first.expected }, (_, issue) => runs.filter((run) => run.pairs.some((pair) => pair.expected === issue)).length),
    failed_runs: runs.filter((run) => run.error !== undefined || run.incomplete !== undefined).length,
    spread: spreads([...SCORE_FIGURES, "comments"] as const, scored),
  };
}

function runFigures(run: EvalRun, index: number): RunFigures {
  const clean = run.cases.filter((c) => c.clean);
  const comments = run.cases.reduce((sum, c) => sum + c.comments, 0);
  return {
    run: index + 1,
    pooled: scoresOf(sumCounts(run.cases)),
    clean_case_false_alarm_rate: ratio(clean.filter((c) => c.comments > 0).length, clean.length),
    comments_per_case: ratio(comments, run.cases.length),
    usage: {
      prompt_tokens: run.cases.reduce((sum, c) => sum + c.promptTokens, 0),
      completion_tokens: run.cases.reduce((sum, c) => sum + c.completionTokens, 0),
      model_calls: run.cases.reduce((sum, c) => sum + c.modelCalls, 0),
      judge_calls: run.cases.reduce((sum, c) => sum + c.judgeCalls, 0),
      review_ms: run.cases.reduce((sum, c) => sum + c.durationMs, 0),
      wall_ms: run.wallMs,
    },
  };
}

function macroOfRun(run: EvalRun): { precision: number | null; recall: number | null; f1: number | null } {
  const scored = run.cases.map((c) => scoresOf(c));
  return {
    precision: meanOf(scored.map((s) => s.precision)),
    recall: meanOf(scored.map((s) => s.recall)),
    f1: meanOf(scored.map((s) => s.f1)),
  };
}

function locationOnly(runs: readonly EvalRun[]): ScoreFigures {
  return meanScores(runs.map((run) => scoresOf(sumCounts(run.cases.map((c) => c.locationOnly)))));
}

export function buildReport(runs: readonly EvalRun[], settings: EvalSettings): EvalReport {
  const firstRun = runs[0];
  if (firstRun === undefined) throw new Error("an evaluation needs at least one run");
  const perRun = runs.map(runFigures);
  const macroRows = runs.map(macroOfRun);
  const usageRows = perRun.map((run) => run.usage);
  const judged = settings.judgeModel === undefined ? undefined : locationOnly(runs);
  return {
    cases: firstRun.cases.map((_, index) => caseFigures(runs.map((run) => run.cases[index]).filter((c): c is CaseRun => c !== undefined))),
    pooled: meanScores(perRun.map((run) => run.pooled)),
    clean_case_false_alarm_rate: meanOf(perRun.map((run) => run.clean_case_false_alarm_rate)),
    usage: {
      ...meanUsage(USAGE_FIGURES, usageRows),
      spread: spreads(USAGE_FIGURES, usageRows),
      all_runs: Object.fromEntries(USAGE_FIGURES.map((key) => [key, usageRows.reduce((sum, row) => sum + row[key], 0)])) as {
        readonly [K in UsageFigure]: number;
      },
    },
    macro: {
      precision: meanOf(macroRows.map((row) => row.precision)),
      recall: meanOf(macroRows.map((row) => row.recall)),
      f1: meanOf(macroRows.map((row) => row.f1)),
      spread: spreads(["precision", "recall", "f1"] as const, macroRows),
    },
    comments_per_case: meanOf(perRun.map((run) => run.comments_per_case)),
    clean_cases: firstRun.cases.filter((c) => c.clean).length,
    ...(judged === undefined ? {} : { location_only: judged }),
    spread: spreads(["clean_case_false_alarm_rate", "comments_per_case"] as const, perRun),
    settings: {
      runs: runs.length,
      line_tolerance: settings.lineTolerance,
      judge_model: settings.judgeModel ?? null,
      dataset: settings.dataset ?? null,
    },
    runs: perRun,
    failures: runs.flatMap((run, index) =>
      run.cases.flatMap((c): RunFailure[] => {
        if (c.error !== undefined) return [{ id: c.id, run: index + 1, error: c.error, partial: false }];
        if (c.incomplete !== undefined) return [{ id: c.id, run: index + 1, error: c.incomplete, partial: true }];
        return [];
      }),
    ),
  };
}
