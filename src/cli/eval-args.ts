import { parseArgs } from "node:util";
import { z } from "zod";
import { EVAL_FORMATS, type EvalFormat } from "../core/eval/render.js";
import { DEFAULT_LINE_TOLERANCE } from "../core/eval/run-eval.js";

/** `pr-reviewer eval`'s exit codes, in line with `pr-reviewer review`'s. */
export const EVAL_EXIT = {
  /** Every case was reviewed and scored. */
  ok: 0,
  /** The figures were printed, but some reviews failed (counted as publishing nothing) or were incomplete. */
  reviewsFailed: 1,
  /** Unknown flag, bad value, unusable dataset or settings: nothing was run. */
  usage: 2,
  /** The evaluation could not be done: the endpoint refused the key or model, or the judge failed. */
  failed: 3,
} as const;

export interface EvalCommand {
  readonly dataset: string;
  readonly runs: number;
  readonly lineTolerance: number;
  readonly format: EvalFormat;
  readonly judgeModel?: string;
  /** Cases reviewed at the same time. */
  readonly concurrency: number;
}

export type ParsedEvalArgs =
  | { readonly kind: "eval"; readonly command: EvalCommand }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "usage-error"; readonly message: string; readonly exitCode: typeof EVAL_EXIT.usage };

export const EVAL_USAGE = `Usage: pr-reviewer eval --dataset <dir> [--runs N] [--line-tolerance N] [--format pretty|json] [--judge-model <model>] [--concurrency N]

Reviews every case of a labelled dataset with the same engine as the App, against the configured model
endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL), and scores the findings against the expected issues.

  --dataset <dir>         a directory with one folder per case (before/, after/, case.yaml); see docs/eval.md
  --runs N                review every case N times; figures are the mean, with min and max (default 1)
  --line-tolerance N      a finding matches an issue up to N lines outside its range (default ${DEFAULT_LINE_TOLERANCE})
  --format pretty|json    a table for people, or JSON for scripts (default pretty)
  --judge-model <model>   another model must also agree that a finding describes the issue
                          (endpoint JUDGE_BASE_URL and key JUDGE_API_KEY, by default the OPENAI_* ones)
  --concurrency N         cases reviewed at the same time (default 1)
  -h, --help              this text

Exit codes: 0 all cases scored; 1 scored, but some reviews failed or were incomplete; 2 usage error;
3 the evaluation could not be done.`;

const count = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} takes a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${flag} must be at least ${min}`).max(max, `${flag} must be at most ${max}`));

const FlagsSchema = z.object({
  dataset: z.string({ error: "--dataset <dir> is required: the directory of cases (e.g. --dataset eval)" }).min(1, "--dataset needs a directory"),
  runs: count("--runs", 1, 100).default(1),
  "line-tolerance": count("--line-tolerance", 0, 1000).default(DEFAULT_LINE_TOLERANCE),
  format: z.enum(EVAL_FORMATS, { error: `--format must be one of ${EVAL_FORMATS.join(", ")}` }).default("pretty"),
  "judge-model": z.string().trim().min(1, "--judge-model needs a model name").optional(),
  concurrency: count("--concurrency", 1, 16).default(1),
});

function usageError(message: string): ParsedEvalArgs {
  return { kind: "usage-error", message: `${message}\n\n${EVAL_USAGE}`, exitCode: EVAL_EXIT.usage };
}

/** The arguments after `pr-reviewer eval`, as a command to run, the help text, or a usage error (exit 2). */
export function parseEvalArgs(argv: readonly string[]): ParsedEvalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: "string" },
        runs: { type: "string" },
        "line-tolerance": { type: "string" },
        format: { type: "string" },
        "judge-model": { type: "string" },
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: "help", text: EVAL_USAGE };
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const flags = parsed.data;
  return {
    kind: "eval",
    command: {
      dataset: flags.dataset,
      runs: flags.runs,
      lineTolerance: flags["line-tolerance"],
      format: flags.format,
      ...(flags["judge-model"] === undefined ? {} : { judgeModel: flags["judge-model"] }),
      concurrency: flags.concurrency,
    },
  };
}
