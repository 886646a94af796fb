import { createServer } from "node:net";
import { Probot, Server } from "probot";
import type { Logger } from "pino";
import { createApp } from "./app.js";
import { createBudgetWindows } from "./adapters/budget/budget-windows.js";
import { probotOctokitClass } from "./adapters/github/probot-octokit.js";
import { createSnapshotCache } from "./adapters/github/repository-snapshot.js";
import { createBullMQQueue } from "./adapters/jobs/bullmq-queue.js";
import { createInProcessQueue } from "./adapters/jobs/in-process-jobs.js";
import { limitChatCalls, limitModelCalls, modelCallSlots } from "./adapters/jobs/limit-model-calls.js";
import { appIdentitySource } from "./adapters/github/app-identity.js";
import { openLearningStore } from "./adapters/learnings/open-store.js";
import { createChatAnswerModel } from "./adapters/model/chat-answer-model.js";
import type { ChatModel } from "./core/ports.js";
import { VERSION } from "./version.js";
import type { ReviewQueue } from "./adapters/jobs/review-queue.js";
import { createLogger } from "./adapters/logging.js";
import { createOpsRoutes } from "./adapters/metrics/ops-routes.js";
import { observeChatModel, observeModel } from "./adapters/metrics/observe-model.js";
import { createReviewMetrics } from "./adapters/metrics/review-metrics.js";
import { qwen3TokenCounter } from "./adapters/tokenizer/qwen3-token-counter.js";
import type { Settings } from "./config/settings.js";
import { personCommandLimiter } from "./core/budget/command-limit.js";
import type { ReviewModel } from "./core/ports.js";
import { createReviewModel, reviewBudgetSource } from "./engine/review-budget.js";

export interface ServerOptions {
  readonly settings: Settings;
  /**
   * Probot spaces write requests (1 s, 3 s for notifications). Right for GitHub, but it makes tests slow and
   * timing-dependent, so tests turn it off.
   */
  readonly githubThrottling?: boolean;
  readonly log?: Logger;
  readonly model?: ReviewModel;
  readonly chatModel?: ChatModel;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly jobs: ReviewQueue;
  readonly log: Logger;
  /**
   * Takes no new reviews, lets running ones finish within SHUTDOWN_GRACE_MS (then marks them interrupted in
   * their check runs), then closes the HTTP server.
   */
  stop(): Promise<void>;
}

function createQueue(settings: Settings, log: Logger): ReviewQueue {
  const { queue } = settings;
  const limits = { concurrency: queue.reviewConcurrency, maxWaiting: queue.maxWaiting, jobTimeoutMs: queue.jobTimeoutMs };
  if (queue.redisUrl !== undefined) return createBullMQQueue({ redisUrl: queue.redisUrl, prefix: queue.redisPrefix, log, limits, stall: queue.stall });
  return createInProcessQueue(log, limits);
}

/** Probot's Server treats port 0 as "unset" and listens on 3000; PORT=0 means any free port, so pick one. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the Probot HTTP server with the review app: webhooks at WEBHOOK_PATH, Probot's /ping, and /healthz,
 * /readyz, /metrics beside them.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { server: serverSettings, app: appSettings, queue: queueSettings, cost: costSettings } = options.settings;
  const log = options.log ?? (await createLogger(serverSettings));
  const jobs = createQueue(options.settings, log);
  const metrics = createReviewMetrics({ queueDepth: () => jobs.depth(), running: () => jobs.running() });
  const tokenCounter = qwen3TokenCounter(log);
  const budget = reviewBudgetSource(appSettings.model, log, tokenCounter);
  const baseModel = options.model ?? createReviewModel(appSettings.model, budget);
  const slots = modelCallSlots(queueSettings.modelConcurrency);
  const model = limitModelCalls(observeModel(baseModel, metrics), slots);
  const chatModel = limitChatCalls(observeChatModel(options.chatModel ?? createChatAnswerModel({ settings: appSettings.model }), metrics), slots);
  const learnings = openLearningStore({ dataDir: options.settings.storage.dataDir, redisUrl: queueSettings.redisUrl, redisPrefix: queueSettings.redisPrefix }, log);
  const budgetWindows = createBudgetWindows({ ...(queueSettings.redisUrl !== undefined ? { redisUrl: queueSettings.redisUrl } : {}), prefix: queueSettings.redisPrefix, log });
  let stopping = false;
  const server = new Server({
    host: serverSettings.host,
    port: serverSettings.port === 0 ? await freePort(serverSettings.host) : serverSettings.port,
    webhookPath: serverSettings.webhookPath,
    ...(serverSettings.webhookProxy !== undefined ? { webhookProxy: serverSettings.webhookProxy } : {}),
    log,
    Probot: Probot.defaults({
      appId: serverSettings.appId,
      privateKey: serverSettings.privateKey,
      secret: serverSettings.webhookSecret,
      baseUrl: serverSettings.baseUrl,
      log,
      Octokit: probotOctokitClass(options.githubThrottling ?? true, (status) => metrics.githubResponse(status)),
      // Probot spaces GitHub requests through Redis when it has one, so the limits hold across replicas.
      ...(queueSettings.redisUrl !== undefined && (options.githubThrottling ?? true) ? { redisConfig: queueSettings.redisUrl } : {}),
    }),
  });
  // Building the tokenizer is ≈0.5 s of CPU: done before the first webhook, not during one.
  await tokenCounter();
  // The app's own client (its JWT), for GET /app: who we are, read once, when a job first needs it.
  let probot: Probot | undefined;
  const identity = appIdentitySource(async () => {
    if (probot === undefined) throw new Error("the app is not loaded yet");
    return probot.auth();
  });
  const review = createApp({
    settings: {
      checkRunName: appSettings.checkRunName, promptBudgetTokens: appSettings.model.promptBudgetTokens, agent: appSettings.agent, configCaps: costSettings.configCaps,
    },
    log,
    model,
    queue: jobs,
    appId: serverSettings.appId,
    githubHost: serverSettings.webHost,
    githubRetry: {
      retries: queueSettings.githubWriteRetries,
      baseDelayMs: queueSettings.githubRetryBaseMs,
      maxWaitMs: queueSettings.githubRetryMaxWaitMs,
      rateLimitWaitMs: queueSettings.githubRateLimitWaitMs,
    },
    metrics,
    budget,
    learnings: { store: learnings, identity },
    conversation: {
      store: learnings, identity, chatModel, version: VERSION, metrics,
      commandLimiter: personCommandLimiter(budgetWindows.commands, costSettings.personHourlyCommands, () => metrics.budgetSpent("person_hourly_commands")),
    },
    snapshots: createSnapshotCache(),
    ...(costSettings.installationDailyTokens !== undefined ? { tokenBudget: { dailyTokens: costSettings.installationDailyTokens, ledger: budgetWindows.tokens } } : {}),
  });
  await server.load(async (app, { addHandler }) => {
    probot = app;
    addHandler(createOpsRoutes({ metrics, isReady: async () => !stopping && (await jobs.isReady()) }));
    await review(app, { addHandler, cwd: process.cwd() });
  });
  await server.start();
  log.info(
    { model: baseModel.name, baseUrl: appSettings.model.baseUrl, github: serverSettings.baseUrl, queue: jobs.backend, concurrency: queueSettings.reviewConcurrency,
      dailyTokenBudget: costSettings.installationDailyTokens ?? "unlimited", budgetsKeptIn: budgetWindows.backend },
    "pr-reviewer ready",
  );
  return {
    port: server.port,
    url: `http://${server.host}:${server.port}`,
    jobs,
    log,
    async stop() {
      stopping = true;
      await jobs.close(queueSettings.shutdownGraceMs);
      await server.stop();
      await learnings.close();
      await budgetWindows.close();
    },
  };
}
