import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { configFileSource, type RepoConfigSource } from "../adapters/github/installation-config.js";
import { createTokenClient } from "../adapters/github/token-client.js";
import type { PullRequestJob } from "../adapters/jobs/review-job.js";
import { parseAppSettings } from "../config/env.js";
import { JOB_TIMEOUT_MARGIN_MS } from "../config/settings.js";
import { describeError, ReviewInterrupted } from "../core/errors.js";
import type { FailThreshold } from "../core/formats/reported-findings.js";
import { estimateTokens } from "../core/plan/estimate-tokens.js";
import { parseCostEnv } from "../config/cost-env.js";
import { githubRetryFromEnv } from "../engine/github-retry.js";
import { createReviewModel, reviewBudgetSource } from "../engine/review-budget.js";
import { runReviewJob } from "../engine/run-review-job.js";
import { readActionEvent } from "./action-event.js";
import { readActionInputs } from "./action-inputs.js";
import { writeOutputs, writeStepSummary } from "./runner-files.js";
import { stepResultOf } from "./step-result.js";
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

/** The repository config from `config_path` with the `fail_on` input over it, so the check run and the step agree. */
function configWithFailOn(source: RepoConfigSource, failOn: FailThreshold | undefined): RepoConfigSource {
  if (failOn === undefined) return source;
  return {
    async config(fileName) {
      const raw = await source.config(fileName);
      if (raw === null || raw === undefined) return { fail_on: failOn };
      return typeof raw === "object" && !Array.isArray(raw) ? { ...raw, fail_on: failOn } : raw;
    },
  };
}

/**
 * The GitHub Action: reads the event GitHub gives the step, reviews the pull request through the API with the
 * job's token (never checking out or running its code), publishes as the App does, writes the job summary and
 * returns the step's exit code.
 */
export async function runAction(context: ActionContext): Promise<number> {
  const { env, out, log } = context;
  const { inputs, problems } = readActionInputs(env);
  if (inputs === undefined) return fail(out, problems.map((p) => `pr-reviewer is not set up: ${p}`));
  const model = parseAppSettings(inputs.modelEnv);
  const githubRetry = githubRetryFromEnv(env);
  // The operator's caps on what the repository's config may ask for apply here too (MAX_PROMPT_TOKENS_CAP, MAX_FILES_CAP).
  const cost = parseCostEnv(env);
  if (model.settings === undefined || githubRetry.settings === undefined || cost.settings === undefined) {
    return fail(out, [...model.problems, ...githubRetry.problems, ...cost.problems].map((p) => `pr-reviewer is not set up: ${p} (set it with the action's inputs or the step's env)`));
  }
  const { configCaps } = cost.settings;
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
    log.info({ event: eventName }, `nothing to review: ${event.reason}`);
    return 0;
  }
  if (event.kind === "comment") {
    log.info({ event: eventName, pr: event.number }, "comment commands are not part of this version of pr-reviewer; nothing to do for this comment");
    return 0;
  }

  const settings = model.settings;
  const octokit = createTokenClient({
    token: inputs.githubToken,
    baseUrl: env["GITHUB_API_URL"] ?? "https://api.github.com",
    userAgent: `pr-reviewer-action/${context.version}`,
    log,
  });
  const budget = reviewBudgetSource(settings.model, log, () => Promise.resolve(estimateTokens));
  const runId = `${env["GITHUB_RUN_ID"] ?? "local"}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`;
  const job: PullRequestJob = {
    deliveryId: `actions-run-${runId}`,
    // Not an App installation: the job's client is the workflow's token.
    installationId: 0,
    owner: event.owner,
    repo: event.repo,
    pullNumber: event.number,
    pullRequest: event.pullRequest,
    // "Re-run jobs" is an explicit request for a new review of the same commit, as the App's Re-run button.
    forced: Number(env["GITHUB_RUN_ATTEMPT"] ?? "1") > 1,
    queuedAt: Date.now(),
  };
  const serverUrl = (env["GITHUB_SERVER_URL"] ?? "https://github.com").replace(/\/+$/, "");
  const controller = new AbortController();
  const timeoutMs = settings.model.reviewTimeoutMs + JOB_TIMEOUT_MARGIN_MS;
  const timer = setTimeout(() => controller.abort(new ReviewInterrupted("timeout", `The review took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`)), timeoutMs);
  timer.unref();
  const onCancel = (): void => controller.abort(new ReviewInterrupted("shutdown", "The workflow run was cancelled before the review finished."));
  context.cancelled.addEventListener("abort", onCancel, { once: true });
  let outcome;
  try {
    outcome = await runReviewJob(
      octokit,
      {
        settings: { checkRunName: settings.checkRunName, promptBudgetTokens: settings.model.promptBudgetTokens, agent: settings.agent, configCaps },
        model: createReviewModel(settings.model, budget),
        githubHost: webHostOf(serverUrl),
        githubRetry: githubRetry.settings,
        budget,
        log,
      },
      job,
      controller.signal,
      {
        configSource: configWithFailOn(configFileSource(octokit, event.owner, event.repo, inputs.configPath), inputs.failOn),
        checkRuns: "if-permitted",
        // No comment commands here: a maintainer has a held-back pull request reviewed with "Re-run jobs".
        askForReview: "rerun-job",
      },
    );
  } finally {
    clearTimeout(timer);
    context.cancelled.removeEventListener("abort", onCancel);
  }

  const result = stepResultOf(outcome, { owner: event.owner, repo: event.repo, number: event.number, url: `${serverUrl}/${event.owner}/${event.repo}/pull/${event.number}` }, inputs.failOn);
  const summaryPath = env["GITHUB_STEP_SUMMARY"];
  if (summaryPath !== undefined && summaryPath !== "") await writeStepSummary(summaryPath, result.summary);
  const outputPath = env["GITHUB_OUTPUT"];
  if (outputPath !== undefined && outputPath !== "") await writeOutputs(outputPath, result.outputs);
  if (result.error !== undefined) out.write(`${annotation("error", result.error, { title: "pr-reviewer" })}\n`);
  else log.info({ findings: result.outputs["findings"], conclusion: result.outputs["conclusion"] }, result.message);
  return result.exitCode;
}
