import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Logger } from "pino";
import { fetchPullRequest } from "../adapters/github/completed-check-run.js";
import { httpStatusOf } from "../adapters/github/github-errors.js";
import { configFileSource, installationConfigSource } from "../adapters/github/installation-config.js";
import { loadRepoConfig } from "../adapters/github/load-repo-config.js";
import { createPullRequestHost } from "../adapters/github/pull-request-host.js";
import { withoutWrites } from "../adapters/github/read-only-host.js";
import { createGitHubRepositorySnapshot } from "../adapters/github/repository-snapshot.js";
import { createTokenClient, type TokenClient } from "../adapters/github/token-client.js";
import { personalAuthor, tokenIdentitySource } from "../adapters/github/token-identity.js";
import { LocalDiffError, LocalUsageError, readLocalChange, type DiffSource } from "../adapters/local-git/local-change.js";
import { qwen3TokenCounter } from "../adapters/tokenizer/qwen3-token-counter.js";
import { parseAppSettings, type AppSettings } from "../config/env.js";
import { parseCostEnv } from "../config/cost-env.js";
import { capRepoConfig, DEFAULT_REPO_CONFIG_CAPS } from "../core/config/config-caps.js";
import { REPO_CONFIG_PATH } from "../core/config/repo-config.js";
import { describeError, ReviewInterrupted } from "../core/errors.js";
import { renderJsonReport } from "../core/formats/json-report.js";
import { renderMarkdownReport } from "../core/formats/markdown-report.js";
import { renderPrettyReport } from "../core/formats/pretty-report.js";
import { meetsThreshold } from "../core/formats/reported-findings.js";
import { renderSarifReport } from "../core/formats/sarif-report.js";
import { openFindings, type ReviewReport } from "../core/publish/review-report.js";
import { reviewPullRequest, type ReviewOutcome } from "../core/review.js";
import { withRequestRetries } from "../adapters/github/request-retries.js";
import { githubRetryFromEnv } from "../engine/github-retry.js";
import { createReviewModel, reviewBudgetSource } from "../engine/review-budget.js";
import { reviewLocalChange } from "../engine/review-local-change.js";
import { describeSkip, runReviewJob } from "../engine/run-review-job.js";
import { VERSION } from "../version.js";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { progressReporter, reportingModelCalls, type Say } from "./progress.js";
import { readLocalConfig } from "./local-config.js";
import type { PullRequestRef } from "./pull-request-ref.js";
import type { OutputFormat, ReviewArgs } from "./review-args.js";

export interface CliStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

export interface ReviewCommandContext extends CliStreams {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly log: Logger;
  /** Aborted on Ctrl-C: the review stops and nothing more is sent. */
  readonly signal: AbortSignal;
}

/** A usage error (exit 2) or a review that could not be done (exit 3), with what to tell the user. */
class Stop extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

function colourWanted(context: ReviewCommandContext): boolean {
  if (context.env["NO_COLOR"] !== undefined && context.env["NO_COLOR"] !== "") return false;
  if (context.env["FORCE_COLOR"] !== undefined && context.env["FORCE_COLOR"] !== "0") return true;
  return context.stdout.isTTY === true;
}

function render(report: ReviewReport, format: OutputFormat, context: ReviewCommandContext, heading: string): string {
  switch (format) {
    case "json":
      return renderJsonReport(report);
    case "sarif":
      return renderSarifReport(report, { name: "pr-reviewer", version: VERSION });
    case "markdown":
      return renderMarkdownReport(report, { heading });
    case "pretty":
      return renderPrettyReport(report, { colour: colourWanted(context) });
  }
}

function modelSettings(env: ReviewCommandContext["env"]): AppSettings {
  const { settings, problems } = parseAppSettings(env);
  if (settings === undefined) {
    throw new Stop(EXIT.usage, `the model is not set up:\n${problems.map((p) => `  - ${p}`).join("\n")}\n(set these variables, or put them in a .env file)`);
  }
  return settings;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function diffSource(args: ReviewArgs, context: ReviewCommandContext): Promise<DiffSource> {
  const { target } = args;
  if (target.kind === "staged") return { kind: "staged" };
  if (target.kind === "branch") return target.base === undefined ? { kind: "branch" } : { kind: "branch", base: target.base };
  if (target.kind !== "diff") throw new Error("a pull request has no local diff");
  if (target.file === "-") return { kind: "patch", text: await readStdin(context.stdin), name: "standard input" };
  try {
    return { kind: "patch", text: await readFile(resolve(context.cwd, target.file), "utf8"), name: target.file };
  } catch (error) {
    throw new Stop(EXIT.reviewFailed, `the diff could not be read from ${target.file}: ${describeError(error)}`);
  }
}

/** The result of a review, or why it could not be made. */
function reportOf(outcome: ReviewOutcome): ReviewReport {
  if (outcome.report !== undefined) return outcome.report;
  throw new Stop(EXIT.reviewFailed, `the review could not be done: ${outcome.error ?? `it was stopped (${outcome.conclusion})`}`);
}

async function reviewLocally(args: ReviewArgs, context: ReviewCommandContext, say: Say): Promise<{ report: ReviewReport; heading: string }> {
  const source = await diffSource(args, context);
  let change;
  try {
    change = await readLocalChange(context.cwd, source);
  } catch (error) {
    if (error instanceof LocalUsageError) throw new Stop(EXIT.usage, error.message);
    if (error instanceof LocalDiffError) throw new Stop(EXIT.reviewFailed, error.message);
    throw error;
  }
  for (const note of change.notes) context.stderr.write(`pr-reviewer: note: ${note}\n`);
  if (change.files.length === 0) context.stderr.write(`pr-reviewer: note: nothing to review in ${change.description}\n`);
  const settings = modelSettings(context.env);
  const { config, problems } = await readLocalConfig(change.root);
  if (problems.length > 0) context.log.warn({ problems }, `${REPO_CONFIG_PATH} is invalid; using the defaults`);
  say(`reviewing ${change.description}: ${change.files.length} changed file${change.files.length === 1 ? "" : "s"}`);
  const budget = reviewBudgetSource(settings.model, context.log, qwen3TokenCounter(context.log));
  const outcome = await reviewLocalChange(change, {
    model: reportingModelCalls(createReviewModel(settings.model, budget), say),
    config,
    configProblems: problems,
    budget,
    promptBudgetTokens: settings.model.promptBudgetTokens,
    agent: settings.agent,
    log: context.log,
    onProgress: say,
    signal: context.signal,
  });
  return { report: reportOf(outcome), heading: `## pr-reviewer: ${change.description}` };
}

/** Refusals that mean the command was wrong (the token, the pull request named), not that the review failed. */
function pullRequestLookupFailure(error: unknown, ref: PullRequestRef): Stop {
  const status = httpStatusOf(error);
  const name = `${ref.owner}/${ref.repo}#${ref.number}`;
  if (status === 401) return new Stop(EXIT.usage, `GitHub refused GITHUB_TOKEN (HTTP 401): set a valid token to read ${name}`);
  if (status === 404 || status === 403) return new Stop(EXIT.usage, `${name}: no such pull request, or GITHUB_TOKEN may not read it (HTTP ${status})`);
  return new Stop(EXIT.reviewFailed, `${name} could not be read from GitHub: ${describeError(error)}`);
}

async function reviewOnGitHub(ref: PullRequestRef, post: boolean, context: ReviewCommandContext, say: Say): Promise<{ report: ReviewReport; heading: string }> {
  const token = context.env["GITHUB_TOKEN"]?.trim() || context.env["GH_TOKEN"]?.trim();
  if (token === undefined || token === "") throw new Stop(EXIT.usage, "--pr needs a GitHub token: set GITHUB_TOKEN (for example GITHUB_TOKEN=$(gh auth token))");
  const settings = modelSettings(context.env);
  const githubRetry = githubRetryFromEnv(context.env);
  if (githubRetry.settings === undefined) throw new Stop(EXIT.usage, `GitHub's retry settings are invalid: ${githubRetry.problems.join("; ")}`);
  const baseUrl = ref.apiBaseUrl ?? context.env["GITHUB_API_URL"] ?? "https://api.github.com";
  const octokit: TokenClient = createTokenClient({ token, baseUrl, userAgent: `pr-reviewer-cli/${VERSION}`, log: context.log });
  const name = `${ref.owner}/${ref.repo}#${ref.number}`;
  // Links in what is posted may point to GitHub's own pages only: github.com for its API, else the Enterprise Server.
  const apiHost = new URL(baseUrl).host.toLowerCase();
  const githubHost = apiHost === "api.github.com" ? "github.com" : apiHost;
  // The reads of a printed review wait out rate limits as a job's do.
  const reader = withRequestRetries(octokit, { ...githubRetry.settings, log: context.log, signal: context.signal });
  let snapshot;
  try {
    snapshot = await fetchPullRequest(reader, ref.owner, ref.repo, ref.number);
  } catch (error) {
    throw pullRequestLookupFailure(error, ref);
  }
  const budget = reviewBudgetSource(settings.model, context.log, qwen3TokenCounter(context.log));
  const model = reportingModelCalls(createReviewModel(settings.model, budget), say);
  const heading = `## pr-reviewer: ${name}`;
  // The operator's caps on costly config apply here as in the App and the Action.
  const configCaps = parseCostEnv(context.env).settings?.configCaps ?? DEFAULT_REPO_CONFIG_CAPS;
  say(`reviewing ${name} at ${snapshot.headSha.slice(0, 7)}${post ? " (the review will be posted)" : ""}`);
  if (post) {
    // With a person's token (`gh auth token`), our earlier summary and findings are that person's comments: known
    // by the account, as in the Action, so a second --post updates them instead of posting them again.
    const author = await personalAuthor(tokenIdentitySource(reader), context.log);
    const outcome = await runReviewJob(
      octokit,
      {
        ...(author === undefined ? {} : { author }),
        settings: { checkRunName: settings.checkRunName, promptBudgetTokens: settings.model.promptBudgetTokens, agent: settings.agent, configCaps },
        model,
        githubHost,
        githubRetry: githubRetry.settings,
        budget,
        log: context.log,
      },
      {
        deliveryId: `cli-${Date.now()}`, installationId: 0, owner: ref.owner, repo: ref.repo, pullNumber: ref.number,
        pullRequest: { title: snapshot.title, body: snapshot.body, headSha: snapshot.headSha, baseSha: snapshot.baseSha, draft: snapshot.draft },
        // Asked for by a person: reviewed even when this commit was reviewed before, as with the Re-run button.
        forced: true, queuedAt: Date.now(),
      },
      context.signal,
      { configSource: installationConfigSource(octokit, ref.owner, ref.repo), checkRuns: "if-permitted" },
    );
    if (outcome.kind === "skipped") throw new Stop(EXIT.ok, `${name} was not reviewed: ${describeSkip(outcome.reason)}`);
    if (outcome.kind === "failed") throw new Stop(EXIT.reviewFailed, `the review could not be done: ${outcome.error}`);
    return { report: reportOf(outcome.outcome), heading };
  }
  if (!snapshot.open) context.stderr.write(`pr-reviewer: note: ${name} is closed; reviewing it anyway\n`);
  const loaded = await loadRepoConfig(configFileSource(reader, ref.owner, ref.repo, REPO_CONFIG_PATH));
  const { problems } = loaded;
  if (problems.length > 0) context.log.warn({ problems }, `${REPO_CONFIG_PATH} is invalid; using the defaults`);
  const { config, notes: configNotes } = capRepoConfig(loaded.config, configCaps);
  const target = { owner: ref.owner, repo: ref.repo, pullNumber: ref.number, headSha: snapshot.headSha, checkRunName: settings.checkRunName };
  const spent = await budget();
  const outcome = await reviewPullRequest(
    {
      pullRequest: { owner: ref.owner, repo: ref.repo, number: ref.number, title: snapshot.title, body: snapshot.body, headSha: snapshot.headSha, baseSha: snapshot.baseSha },
      config,
      configProblems: problems,
      configNotes,
      promptBudgetTokens: spent.promptBudgetTokens,
      fullReview: true,
      githubHost,
      agent: settings.agent,
    },
    {
      host: withoutWrites(createPullRequestHost(reader, target), say), model, log: context.log, countTokens: spent.countTokens,
      // The same review as --post makes: the model may look around the repository at the head, read through the API.
      snapshot: createGitHubRepositorySnapshot(reader, { owner: ref.owner, repo: ref.repo, headSha: snapshot.headSha }, { log: context.log }),
    },
    context.signal,
  );
  return { report: reportOf(outcome), heading };
}

/**
 * `pr-reviewer review`: the review of a local change or of a pull request, printed in the chosen format on
 * standard output (nothing else goes there), with progress and problems on standard error. The exit code says
 * whether a finding met `--fail-on` (1), the command was wrong (2), or the review could not be done (3).
 */
export async function runReviewCommand(args: ReviewArgs, context: ReviewCommandContext): Promise<ExitCode> {
  const say = progressReporter(context.stderr);
  try {
    const { report, heading } = args.target.kind === "pull-request" ? await reviewOnGitHub(args.target.ref, args.target.post, context, say) : await reviewLocally(args, context, say);
    context.stdout.write(render(report, args.format, context, heading));
    for (const part of report.failedParts) context.stderr.write(`pr-reviewer: warning: not reviewed (${part.paths.join(", ")}): ${part.error}\n`);
    for (const part of report.incompleteParts) context.stderr.write(`pr-reviewer: warning: the answer for ${part.paths.join(", ")} stayed incomplete: ${part.reason}\n`);
    if (report.invalidFindings.length > 0) context.stderr.write(`pr-reviewer: warning: ${report.invalidFindings.length} finding(s) from the model could not be used\n`);
    // The gate the check run and the Action apply: every open finding, earlier ones still open after a --post included.
    return meetsThreshold(openFindings(report), args.failOn) ? EXIT.findings : EXIT.ok;
  } catch (error) {
    if (error instanceof Stop) {
      context.stderr.write(`pr-reviewer: ${error.message}\n`);
      return error.exitCode;
    }
    if (context.signal.aborted) {
      const reason: unknown = context.signal.reason;
      context.stderr.write(`pr-reviewer: ${reason instanceof ReviewInterrupted ? reason.message : "interrupted"}\n`);
      return EXIT.reviewFailed;
    }
    context.stderr.write(`pr-reviewer: the review could not be done: ${describeError(error)}\n`);
    return EXIT.reviewFailed;
  }
}
