import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { CommentJob, PullRequestJob } from "../adapters/jobs/review-job.js";
import { parseCostEnv } from "../config/cost-env.js";
import { parseAppSettings } from "../config/env.js";
import { JOB_TIMEOUT_MARGIN_MS } from "../config/settings.js";
import { describeError, ReviewInterrupted } from "../core/errors.js";
import type { FailThreshold } from "../core/formats/reported-findings.js";
import { githubRetryFromEnv } from "../engine/github-retry.js";
import { runCommentJob } from "../engine/run-conversation-job.js";
import { runReviewJob } from "../engine/run-review-job.js";
import { createActionEngine, type ActionEngine } from "./action-engine.js";
import { readActionEvent, type ActionComment } from "./action-event.js";
import { readActionInputs } from "./action-inputs.js";
import { writeOutputs, writeStepSummary } from "./runner-files.js";
import { commentStepResult, stepResultOf, type PullRequestName, type StepResult } from "./step-result.js";
import { annotation } from "./workflow-commands.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface ActionContext {
  readonly env: Env;
  /** Where workflow commands and log lines go: the step's log (stdout). */
  readonly out: NodeJS.WritableStream;
  readonly log: Logger;
  readonly version: string;
  /** Aborted when the run is cancelled (SIGINT, then SIGTERM, from the runner). */
  readonly cancelled: AbortSignal;
}

/** The host links in what we post may point to: GitHub's (github.com, or the Enterprise Server the run is on). */
function webHostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host.toLowerCase();
  } catch {
    return "github.com";
  }
}

function fail(out: NodeJS.WritableStream, messages: readonly string[]): 1 {
  for (const message of messages) out.write(`${annotation("error", message)}\n`);
  return 1;
}

/** The job's signal: aborted when the review (or answer) outlives its time, or when the run is cancelled. */
async function withJobSignal<T>(timeoutMs: number, cancelled: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ReviewInterrupted("timeout", `The review took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`)), timeoutMs);
  timer.unref();
  const onCancel = (): void => controller.abort(new ReviewInterrupted("shutdown", "The workflow run was cancelled before the review finished."));
  cancelled.addEventListener("abort", onCancel, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    cancelled.removeEventListener("abort", onCancel);
  }
}

interface RunOf {
  readonly engine: ActionEngine;
  readonly pullRequest: PullRequestName;
  readonly failOn: FailThreshold | undefined;
  /** Stands for a webhook's delivery id in the logs and the engine's jobs: the workflow run and its attempt. */
  readonly deliveryId: string;
  readonly signal: AbortSignal;
  /** The longest a review job lives: a check run of ours in progress for less may be another run's review. */
  readonly jobTimeoutMs: number;
}

/**
 * A review the step makes, for a push or for `/review`: the check run only when the token may make one. A push's
 * run and a comment's run of the same pull request may overlap (they are in different concurrency groups, so that
 * a comment never cancels a review), hence a review already running in another run stands for this one.
 */
async function review(run: RunOf, job: PullRequestJob): Promise<StepResult> {
  const outcome = await runReviewJob(run.engine.octokit, run.engine.deps, job, run.signal, {
    configSource: run.engine.configSource, checkRuns: "if-permitted", concurrentRuns: { liveForMs: run.jobTimeoutMs },
    // A held-back pull request is reviewed with "Re-run jobs", or with /review where the workflow runs on comments.
    askForReview: "rerun-job",
  });
  return stepResultOf(outcome, run.pullRequest, run.failOn);
}

/**
 * A person's comment, through the App's own comment job (the command, or the answer in a review thread). A
 * `/review` it accepts is made here and now, in this step, where the App would queue it: the step then ends as a
 * push's review does, failing on `fail_on` or on a review that could not be done.
 */
async function respond(run: RunOf, comment: ActionComment): Promise<StepResult> {
  const { owner, repo, number } = run.pullRequest;
  const job: CommentJob = {
    kind: "comment", deliveryId: run.deliveryId, installationId: 0, owner, repo, pullNumber: number, pullRequest: null, comment, forced: false, queuedAt: Date.now(),
  };
  const { result, review: asked } = await runCommentJob(run.engine.octokit, run.engine.deps, run.engine.conversation, job, run.signal, { configSource: run.engine.configSource });
  if (result.review === undefined) return commentStepResult(result, comment.author.login, run.pullRequest);
  if (asked === undefined) return stepResultOf({ kind: "skipped", reason: "closed" }, run.pullRequest, run.failOn);
  return review(run, asked);
}

/**
 * The GitHub Action: reads the event GitHub gives the step — a push to a pull request, or a comment on one — and
 * runs the App's engine on it with the job's token (never checking out or running the pull request's code). A
 * review is published as the App does, the job summary is written and the step's exit code returned.
 */
export async function runAction(context: ActionContext): Promise<number> {
  const { env, out, log } = context;
  const { inputs, problems } = readActionInputs(env);
  if (inputs === undefined) return fail(out, problems.map((p) => `pr-reviewer is not set up: ${p}`));
  const eventName = env["GITHUB_EVENT_NAME"] ?? "";
  const eventPath = env["GITHUB_EVENT_PATH"];
  if (eventName === "" || eventPath === undefined || eventPath === "") {
    return fail(out, ["GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: pr-reviewer's action runs as a step of a GitHub Actions workflow"]);
  }
  let event;
  try {
    event = readActionEvent(eventName, JSON.parse(await readFile(eventPath, "utf8")) as unknown);
  } catch (error) {
    return fail(out, [`The event of this run could not be read from ${eventPath}: ${describeError(error)}`]);
  }
  if (event.kind === "ignored") {
    log.info({ event: eventName }, `nothing to do: ${event.reason}`);
    return 0;
  }
  // Read after the event: a comment that is not for us ends the step even where the run has no model key (a
  // review comment on a fork's pull request runs without the repository's secrets).
  const model = parseAppSettings(inputs.modelEnv);
  const githubRetry = githubRetryFromEnv(env);
  // The operator's caps on what the repository's config may ask for apply here too (MAX_PROMPT_TOKENS_CAP, MAX_FILES_CAP).
  const cost = parseCostEnv(env);
  if (model.settings === undefined || githubRetry.settings === undefined || cost.settings === undefined) {
    return fail(out, [...model.problems, ...githubRetry.problems, ...cost.problems].map((p) => `pr-reviewer is not set up: ${p} (set it with the action's inputs or the step's env)`));
  }

  const settings = model.settings;
  const serverUrl = (env["GITHUB_SERVER_URL"] ?? "https://github.com").replace(/\/+$/, "");
  const engine = await createActionEngine({
    env, token: inputs.githubToken, owner: event.owner, repo: event.repo, configPath: inputs.configPath, failOn: inputs.failOn, settings,
    githubRetry: githubRetry.settings, cost: cost.settings, githubHost: webHostOf(serverUrl), version: context.version, log,
  });
  const pullRequest: PullRequestName = { owner: event.owner, repo: event.repo, number: event.number, url: `${serverUrl}/${event.owner}/${event.repo}/pull/${event.number}` };
  const attempt = env["GITHUB_RUN_ATTEMPT"] ?? "1";
  const deliveryId = `actions-run-${env["GITHUB_RUN_ID"] ?? "local"}-${attempt}`;
  const jobTimeoutMs = settings.model.reviewTimeoutMs + JOB_TIMEOUT_MARGIN_MS;
  let result: StepResult;
  try {
    result = await withJobSignal(jobTimeoutMs, context.cancelled, async (signal) => {
      const run: RunOf = { engine, pullRequest, failOn: inputs.failOn, deliveryId, signal, jobTimeoutMs };
      if (event.kind === "comment") return respond(run, event.comment);
      return review(run, {
        deliveryId,
        // Not an App installation: the job's client is the workflow's token.
        installationId: 0,
        owner: event.owner,
        repo: event.repo,
        pullNumber: event.number,
        pullRequest: event.pullRequest,
        // "Re-run jobs" is an explicit request for a new review of the same commit, as the App's Re-run button.
        forced: Number(attempt) > 1,
        queuedAt: Date.now(),
      });
    });
  } finally {
    await engine.close();
  }

  const summaryPath = env["GITHUB_STEP_SUMMARY"];
  if (summaryPath !== undefined && summaryPath !== "") await writeStepSummary(summaryPath, result.summary);
  const outputPath = env["GITHUB_OUTPUT"];
  if (outputPath !== undefined && outputPath !== "") await writeOutputs(outputPath, result.outputs);
  if (result.error !== undefined) out.write(`${annotation("error", result.error, { title: "pr-reviewer" })}\n`);
  else log.info({ findings: result.outputs["findings"], conclusion: result.outputs["conclusion"] }, result.message);
  return result.exitCode;
}
