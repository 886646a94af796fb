import { DatasetError, loadDataset } from "../adapters/eval/load-dataset.js";
import { createOpenAIJudge } from "../adapters/model/openai-judge.js";
import { parseJudgeSettings } from "../config/judge-env.js";
import { describeError } from "../core/errors.js";
import { renderEvalReport } from "../core/eval/render.js";
import { runEval, type EvalProgress } from "../core/eval/run-eval.js";
import type { MatchJudge, ReviewCase } from "../core/eval/types.js";
import { EVAL_EXIT, type EvalCommand } from "./eval-args.js";

export interface EvalCommandIo {
  /** Reviews one case with the engine the App runs: the only part the caller supplies. */
  readonly reviewCase: ReviewCase;
  /** For the judge's endpoint (JUDGE_* and OPENAI_* variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The report, and nothing else. */
  readonly stdout: (text: string) => void;
  /** Problems, and progress when `progress` is on. */
  readonly stderr: (text: string) => void;
  /** A line per reviewed case on stderr (e.g. when stderr is a terminal). */
  readonly progress?: boolean;
  readonly signal?: AbortSignal;
}

function progressLine(progress: EvalProgress): string {
  const { result } = progress;
  const runs = progress.runs === 1 ? "" : `run ${progress.run}/${progress.runs} `;
  const counts = `TP ${result.tp} FP ${result.fp} FN ${result.fn}`;
  const outcome =
    result.error !== undefined ? `review failed: ${result.error}` : result.incomplete !== undefined ? `${counts} (incomplete: ${result.incomplete})` : counts;
  return `${runs}[${progress.done}/${progress.total}] ${result.id}: ${outcome} (${(result.durationMs / 1000).toFixed(1)} s)\n`;
}

/**
 * `pr-reviewer eval` once its arguments are parsed: loads the dataset, reviews and scores every case, prints
 * the report on stdout and returns the exit code. Nothing is printed on stdout unless the evaluation completed.
 */
export async function runEvalCommand(command: EvalCommand, io: EvalCommandIo): Promise<number> {
  let judge: MatchJudge | undefined;
  if (command.judgeModel !== undefined) {
    const { settings, problems } = parseJudgeSettings(io.env, command.judgeModel);
    if (settings === undefined) {
      io.stderr(`pr-reviewer eval: the judge model cannot be reached; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
      return EVAL_EXIT.usage;
    }
    judge = createOpenAIJudge({ settings });
  }

  let cases;
  try {
    cases = await loadDataset(command.dataset);
  } catch (error) {
    if (error instanceof DatasetError) {
      io.stderr(`pr-reviewer eval: ${error.message}\n`);
      return EVAL_EXIT.usage;
    }
    // git missing or failing, a file that cannot be read: nothing the dataset's author can fix in case.yaml.
    io.stderr(`pr-reviewer eval: the dataset ${command.dataset} could not be read: ${describeError(error)}\n`);
    return EVAL_EXIT.failed;
  }

  let report;
  try {
    report = await runEval(cases, io.reviewCase, {
      runs: command.runs,
      lineTolerance: command.lineTolerance,
      concurrency: command.concurrency,
      judge,
      dataset: command.dataset,
      signal: io.signal,
      ...(io.progress === true ? { onProgress: (progress: EvalProgress) => io.stderr(progressLine(progress)) } : {}),
    });
  } catch (error) {
    io.stderr(`pr-reviewer eval: the evaluation could not be done: ${describeError(error)}\n`);
    return EVAL_EXIT.failed;
  }
  io.stdout(renderEvalReport(report, command.format));
  if (report.failures.length > 0) {
    io.stderr(`pr-reviewer eval: ${report.failures.length} review(s) failed or were incomplete; see the report\n`);
    return EVAL_EXIT.reviewsFailed;
  }
  return EVAL_EXIT.ok;
}
