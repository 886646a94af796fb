import { runCase, type CaseRun } from "./case-run.js";
import { buildReport, type EvalReport, type EvalRun } from "./report.js";
import type { EvalCase, MatchJudge, ReviewCase } from "./types.js";

export const DEFAULT_LINE_TOLERANCE = 3;

export interface EvalProgress {
  /** From 1. */
  readonly run: number;
  readonly runs: number;
  /** Cases of this run done so far, this one included. */
  readonly done: number;
  readonly total: number;
  readonly result: CaseRun;
}

export interface EvalOptions {
  readonly runs: number;
  readonly lineTolerance: number;
  /** Cases reviewed at the same time (default 1). */
  readonly concurrency?: number;
  readonly judge?: MatchJudge | undefined;
  /** Named in the report. */
  readonly dataset?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds, for the wall time of a run; Date.now unless a test fixes it. */
  readonly now?: () => number;
  /** Called after each case, e.g. to show progress on stderr. */
  readonly onProgress?: (progress: EvalProgress) => void;
}

/** Runs `work` on every item with at most `concurrency` at once; results in item order. */
async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/**
 * Reviews every case `runs` times through `reviewCase` (the same engine the App runs), scores each review
 * against the case's expected issues and pools the figures. Runs follow one another; within a run, cases
 * are reviewed `concurrency` at a time.
 */
export async function runEval(cases: readonly EvalCase[], reviewCase: ReviewCase, options: EvalOptions): Promise<EvalReport> {
  if (cases.length === 0) throw new Error("the dataset has no cases");
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error(`runs must be a whole number from 1, not ${options.runs}`);
  const now = options.now ?? Date.now;
  const runs: EvalRun[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    const started = now();
    let done = 0;
    const results = await mapBounded(cases, options.concurrency ?? 1, async (evalCase) => {
      const result = await runCase(evalCase, reviewCase, options);
      done += 1;
      options.onProgress?.({ run, runs: options.runs, done, total: cases.length, result });
      return result;
    });
    runs.push({ cases: results, wallMs: now() - started });
  }
  return buildReport(runs, { runs: options.runs, lineTolerance: options.lineTolerance, judgeModel: options.judge?.name, dataset: options.dataset });
}
