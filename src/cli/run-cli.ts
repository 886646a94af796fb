import { ReviewInterrupted } from "../core/errors.js";
import { VERSION } from "../version.js";
import { createCliLogger } from "./cli-log.js";
import { runEvalSubcommand } from "./eval-subcommand.js";
import { EXIT } from "./exit-codes.js";
import { parseReviewArgs, REVIEW_USAGE } from "./review-args.js";
import { runReviewCommand, type CliStreams } from "./review-command.js";

export const USAGE = `Usage: pr-reviewer <command> [options]

Commands:
  review    review the current branch, the index, a diff or a pull request (pr-reviewer review --help)
  eval      review a labelled dataset and score the findings (pr-reviewer eval --help)

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

export interface CliContext extends CliStreams {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** The `pr-reviewer` command: its subcommands, help and version. Returns the exit code. */
export async function runCli(context: CliContext): Promise<number> {
  const [command, ...rest] = context.argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? context.stderr : context.stdout).write(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === "--version" || command === "-v") {
    context.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (command === "eval") {
    const log = await createCliLogger(context.env, context.stderr);
    return runEvalSubcommand(rest, { ...context, log, signal: context.signal ?? new AbortController().signal });
  }
  if (command !== "review") {
    context.stderr.write(`pr-reviewer: unknown command "${command}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  const parsed = parseReviewArgs(rest);
  if (parsed.kind === "help") {
    context.stdout.write(REVIEW_USAGE);
    return EXIT.ok;
  }
  if (parsed.kind === "error") {
    context.stderr.write(`pr-reviewer review: ${parsed.message}\n\n${REVIEW_USAGE}`);
    return EXIT.usage;
  }
  const log = await createCliLogger(context.env, context.stderr);
  const signal = context.signal ?? new AbortController().signal;
  return runReviewCommand(parsed.args, { ...context, log, signal });
}

/** A Ctrl-C stops the review (nothing more is sent to the model); a second one ends the process at once. */
export function interruptOnSigint(): AbortSignal {
  const controller = new AbortController();
  process.once("SIGINT", () => {
    controller.abort(new ReviewInterrupted("shutdown", "interrupted (Ctrl-C)"));
    process.once("SIGINT", () => process.exit(130));
  });
  return controller.signal;
}
