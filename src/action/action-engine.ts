import { isAbsolute, resolve } from "node:path";
import type { Logger } from "pino";
import { configFileSource, type RepoConfigSource } from "../adapters/github/installation-config.js";
import type { GitHubRetrySettings } from "../adapters/github/request-retries.js";
import { createTokenClient, type TokenClient } from "../adapters/github/token-client.js";
import { personalAuthor, tokenIdentitySource } from "../adapters/github/token-identity.js";
import { createFileLearningStore } from "../adapters/learnings/file-store.js";
import { createMemoryLearningStore } from "../adapters/learnings/memory-store.js";
import { createChatAnswerModel } from "../adapters/model/chat-answer-model.js";
import type { AppSettings } from "../config/env.js";
import { createBudgetWindows, type BudgetWindows } from "../adapters/budget/budget-windows.js";
import type { CostSettings } from "../config/cost-env.js";
import { personCommandLimiter } from "../core/budget/command-limit.js";
import type { FailThreshold } from "../core/formats/reported-findings.js";
import type { LearningStore } from "../core/learnings/learning-store.js";
import { estimateTokens } from "../core/plan/estimate-tokens.js";
import type { EngineDependencies } from "../engine/engine-dependencies.js";
import { createReviewModel, reviewBudgetSource } from "../engine/review-budget.js";
import type { ConversationDependencies } from "../engine/run-conversation-job.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The one engine, wired for a workflow step: the job's token instead of an App installation. */
export interface ActionEngine {
  readonly octokit: TokenClient;
  readonly deps: EngineDependencies;
  readonly conversation: ConversationDependencies;
  readonly configSource: RepoConfigSource;
  close(): Promise<void>;
}

export interface ActionEngineOptions {
  readonly env: Env;
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly configPath: string;
  readonly failOn: FailThreshold | undefined;
  readonly settings: AppSettings;
  readonly githubRetry: GitHubRetrySettings;
  /** The operator's caps and budgets (MAX_*_CAP; the budgets only with REDIS_URL: each run is a new process). */
  readonly cost: CostSettings;
  /** github.com, or the Enterprise Server's host the run is on: links in what we post may point there only. */
  readonly githubHost: string;
  readonly version: string;
  readonly log: Logger;
}

/**
 * The repository config from `config_path`, read once per run (a comment's job and the review it asks for read it
 * both), with the `fail_on` input over it, so the check run and the step agree.
 */
function configWithFailOn(source: RepoConfigSource, failOn: FailThreshold | undefined): RepoConfigSource {
  const read = new Map<string, Promise<unknown>>();
  const config = (fileName: string): Promise<unknown> => {
    const known = read.get(fileName) ?? source.config(fileName);
    read.set(fileName, known);
    return known;
  };
  return failOn === undefined ? { config } : { config, override: { fail_on: failOn } };
}

/**
 * Where lessons and "said once" notes are kept. A workflow has no server between runs: without DATA_DIR they last
 * for the run (lessons from 👍/👎 are read again from GitHub by every run, so those hold anyway). With DATA_DIR —
 * a self-hosted runner's disk, or a directory the workflow caches between runs — they are kept in its file, as
 * the App keeps them; runs that may overlap must not share one directory without a cache step's copy in between.
 */
function openActionStore(env: Env, log: Logger): LearningStore {
  const dataDir = env["DATA_DIR"]?.trim();
  if (dataDir === undefined || dataDir === "") return createMemoryLearningStore();
  const path = isAbsolute(dataDir) ? dataDir : resolve(dataDir);
  log.info({ dataDir: path }, "lessons and once-notes are kept in DATA_DIR");
  return createFileLearningStore({ dataDir: path, log });
}

/**
 * INSTALLATION_DAILY_TOKEN_BUDGET (counted per repository: a workflow has no installation) and
 * PERSON_HOURLY_COMMAND_LIMIT need a memory that outlives the run: Redis (REDIS_URL). Without it, one run would
 * count only itself, so no budget is kept and the log says so when one was asked for.
 */
function openBudgetWindows(env: Env, cost: CostSettings, log: Logger): BudgetWindows | undefined {
  const wanted = cost.installationDailyTokens !== undefined || cost.personHourlyCommands !== undefined;
  const redisUrl = env["REDIS_URL"]?.trim();
  if (!wanted) return undefined;
  if (redisUrl === undefined || redisUrl === "") {
    if (cost.installationDailyTokens !== undefined) log.warn({}, "INSTALLATION_DAILY_TOKEN_BUDGET is not kept: the Action counts budgets only with REDIS_URL, since each run is a new process");
    return undefined;
  }
  return createBudgetWindows({ redisUrl, prefix: env["REDIS_PREFIX"]?.trim() || "pr-reviewer", log });
}

export async function createActionEngine(options: ActionEngineOptions): Promise<ActionEngine> {
  const { env, settings, log, cost } = options;
  const windows = openBudgetWindows(env, cost, log);
  const octokit = createTokenClient({
    token: options.token,
    baseUrl: env["GITHUB_API_URL"] ?? "https://api.github.com",
    userAgent: `pr-reviewer-action/${options.version}`,
    log,
  });
  // The tokenizer's vocabulary (84 MB) stays out of the bundle: tokens are estimated from characters.
  const budget = reviewBudgetSource(settings.model, log, () => Promise.resolve(estimateTokens));
  const store = openActionStore(env, log);
  // Who we are is whoever the token is: github-actions[bot] for the job's token, an app's bot, or a machine user.
  const identity = tokenIdentitySource(octokit);
  const author = await personalAuthor(identity, log);
  const deps: EngineDependencies = {
    ...(author === undefined ? {} : { author }),
    settings: { checkRunName: settings.checkRunName, promptBudgetTokens: settings.model.promptBudgetTokens, agent: settings.agent, configCaps: cost.configCaps },
    model: createReviewModel(settings.model, budget),
    githubHost: options.githubHost,
    githubRetry: options.githubRetry,
    budget,
    learnings: { store, identity },
    ...(windows !== undefined && cost.installationDailyTokens !== undefined ? { tokenBudget: { dailyTokens: cost.installationDailyTokens, ledger: windows.tokens } } : {}),
    log,
  };
  return {
    octokit,
    deps,
    conversation: {
      store, identity, chatModel: createChatAnswerModel({ settings: settings.model }), version: options.version,
      ...(windows === undefined ? {} : { commandLimiter: personCommandLimiter(windows.commands, cost.personHourlyCommands) }),
    },
    configSource: configWithFailOn(configFileSource(octokit, options.owner, options.repo, options.configPath), options.failOn),
    async close() {
      await store.close();
      await windows?.close();
    },
  };
}
