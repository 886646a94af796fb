import { parseArgs } from "node:util";
import { SEVERITIES } from "../core/findings/review-tool.js";
import type { FailThreshold } from "../core/formats/reported-findings.js";
import { parsePullRequestRef, type PullRequestRef } from "./pull-request-ref.js";

export const FORMATS = ["pretty", "json", "sarif", "markdown"] as const;
export type OutputFormat = (typeof FORMATS)[number];
export const FAIL_THRESHOLDS: readonly FailThreshold[] = [...SEVERITIES, "never"];

/** What `pr-reviewer review` reviews. */
export type ReviewTarget =
  | { readonly kind: "branch"; readonly base?: string }
  | { readonly kind: "staged" }
  | { readonly kind: "diff"; readonly file: string }
  | { readonly kind: "pull-request"; readonly ref: PullRequestRef; readonly post: boolean };

export interface ReviewArgs {
  readonly target: ReviewTarget;
  readonly format: OutputFormat;
  readonly failOn: FailThreshold;
}

export type ParsedReviewArgs = { readonly kind: "run"; readonly args: ReviewArgs } | { readonly kind: "help" } | { readonly kind: "error"; readonly message: string };

export const REVIEW_USAGE = `Usage: pr-reviewer review [what] [options]

Reviews a change with the model, as the pr-reviewer GitHub App would, and prints the findings.

What to review (one of):
  (nothing)                  the commits of the current branch since its merge-base with the default
                             branch (origin/HEAD, else main, else master)
  --base <ref>               the commits since the merge-base with <ref> instead
  --staged                   the index (what \`git commit\` would commit)
  --diff <file|->            a unified diff from a file, or from standard input with -
  --pr <owner/repo#n | URL>  a pull request on GitHub (needs GITHUB_TOKEN); prints the review
    --post                   also publish it on the pull request, as the App does

Options:
  --format pretty|json|sarif|markdown
                             how to print the result (default: pretty; colours only on a terminal)
  --fail-on critical|major|minor|nit|never
                             exit 1 when a finding is this severe or worse (default: never)
  -h, --help                 show this help

Exit codes: 0 nothing at or above --fail-on; 1 a finding at or above it; 2 usage error
(unknown flag, not a git repository, bad ref, missing settings); 3 the review could not be done.

The model is set by the same environment variables as the App (OPENAI_BASE_URL, OPENAI_API_KEY,
OPENAI_MODEL, …), also read from a .env file in the current directory. .github/pr-reviewer.yml
is read from the working tree.
`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): { value: T } | { error: string } {
  if (value === undefined) return { value: fallback };
  const found = allowed.find((candidate) => candidate === value);
  return found === undefined ? { error: `--${name} must be one of ${allowed.join(", ")} (got "${value}")` } : { value: found };
}

/** The flags of `pr-reviewer review`; anything unknown is a usage error (exit 2), never silently ignored. */
export function parseReviewArgs(argv: readonly string[]): ParsedReviewArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        base: { type: "string" },
        staged: { type: "boolean" },
        diff: { type: "string" },
        pr: { type: "string" },
        post: { type: "boolean" },
        format: { type: "string" },
        "fail-on": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: "help" };
  const chosen = [values.base !== undefined && "--base", values.staged === true && "--staged", values.diff !== undefined && "--diff", values.pr !== undefined && "--pr"].filter(
    (flag): flag is string => typeof flag === "string",
  );
  if (chosen.length > 1) return { kind: "error", message: `${chosen.join(" and ")} cannot be combined: choose one thing to review` };
  if (values.post === true && values.pr === undefined) return { kind: "error", message: "--post publishes a pull request's review: it needs --pr" };
  const format = oneOf("format", values.format, FORMATS, "pretty");
  if ("error" in format) return { kind: "error", message: format.error };
  const failOn = oneOf("fail-on", values["fail-on"], FAIL_THRESHOLDS, "never");
  if ("error" in failOn) return { kind: "error", message: failOn.error };
  let target: ReviewTarget;
  if (values.pr !== undefined) {
    const ref = parsePullRequestRef(values.pr);
    if (ref === undefined) return { kind: "error", message: `--pr ${values.pr}: name a pull request as owner/repo#123 or by its URL` };
    target = { kind: "pull-request", ref, post: values.post === true };
  } else if (values.diff !== undefined) {
    if (values.diff === "") return { kind: "error", message: "--diff needs a file name, or - for standard input" };
    target = { kind: "diff", file: values.diff };
  } else if (values.staged === true) target = { kind: "staged" };
  else if (values.base !== undefined) {
    if (values.base.trim() === "" || values.base.startsWith("-")) return { kind: "error", message: `--base needs a branch, tag or commit (got "${values.base}")` };
    target = { kind: "branch", base: values.base };
  } else target = { kind: "branch" };
  return { kind: "run", args: { target, format: format.value, failOn: failOn.value } };
}
