import { Probot, ProbotOctokit, Server } from "probot";
import type { Logger } from "pino";
import { createApp, type ReviewBudget } from "./app.js";
import { createInProcessJobs, type JobRunner } from "./adapters/jobs/in-process-jobs.js";
import { createLogger } from "./adapters/logging.js";
import { modelContextLengthSource } from "./adapters/model/model-limits.js";
import { createOpenAIReviewModel } from "./adapters/model/openai-review-model.js";
import { qwen3TokenCounter } from "./adapters/tokenizer/qwen3-token-counter.js";
import type { AppSettings } from "./config/env.js";
import type { Settings } from "./config/settings.js";
import { promptBudget } from "./core/plan/prompt-budget.js";
import type { ReviewModel } from "./core/ports.js";

export interface ServerOptions {
  readonly settings: Settings;
  /**
   * Probot spaces write requests (1 s, 3 s for notifications) and retries 5xx. Right for GitHub, but it
   * makes tests slow and timing-dependent, so tests turn it off.
   */
  readonly githubThrottling?: boolean;
  readonly log?: Logger;
  readonly model?: ReviewModel;
  readonly jobConcurrency?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly jobs: JobRunner;
  readonly log: Logger;
  /** Stops taking webhooks, lets running reviews finish, then closes the HTTP server. */
  stop(): Promise<void>;
}

function octokitClass(throttling: boolean): typeof ProbotOctokit {
  if (throttling) return ProbotOctokit;
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(typeof options["throttle"] === "object" ? options["throttle"] : {}), enabled: false },
    retry: { enabled: false },
  }));
}

/**
 * Each review's budget: the configured one, capped by the context length the model server reports (asked until
 * it answers), counted with the model's own tokenizer (loaded on the first review).
 */
function reviewBudgetSource(settings: AppSettings, log: Logger): () => Promise<ReviewBudget> {
  const { model } = settings;
  const contextLength = modelContextLengthSource({ baseUrl: model.baseUrl, apiKey: model.apiKey, model: model.name });
  const tokenCounter = qwen3TokenCounter(log);
  let logged: number | undefined;
  return async () => {
    const [length, countTokens] = await Promise.all([contextLength(), tokenCounter()]);
    const promptBudgetTokens = promptBudget({
      configuredTokens: model.promptBudgetTokens,
      serverContextTokens: length.known ? length.tokens : undefined,
      maxOutputTokens: model.maxOutputTokens,
    });
    if (promptBudgetTokens !== logged) {
      logged = promptBudgetTokens;
      log.info({ promptBudgetTokens, serverContextTokens: length.known ? length.tokens : null, ...(length.known ? {} : { reason: length.reason }) }, "prompt budget");
    }
    return { promptBudgetTokens, countTokens };
  };
}

/** Starts the Probot HTTP server with the review app: webhooks at WEBHOOK_PATH, Probot's /ping beside them. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { server: serverSettings, app: appSettings } = options.settings;
  const log = options.log ?? (await createLogger(serverSettings));
  const jobs = createInProcessJobs(log, options.jobConcurrency);
  const model = options.model ?? createOpenAIReviewModel({ settings: appSettings.model });
  const server = new Server({
    host: serverSettings.host,
    port: serverSettings.port,
    webhookPath: serverSettings.webhookPath,
    ...(serverSettings.webhookProxy !== undefined ? { webhookProxy: serverSettings.webhookProxy } : {}),
    log,
    Probot: Probot.defaults({
      appId: serverSettings.appId,
      privateKey: serverSettings.privateKey,
      secret: serverSettings.webhookSecret,
      baseUrl: serverSettings.baseUrl,
      log,
      Octokit: octokitClass(options.githubThrottling ?? true),
    }),
  });
  await server.load(createApp({ settings: appSettings, model, jobs, budget: reviewBudgetSource(appSettings, log) }));
  await server.start();
  log.info({ model: model.name, baseUrl: appSettings.model.baseUrl, github: serverSettings.baseUrl }, "pr-reviewer ready");
  return {
    port: server.port,
    url: `http://${server.host}:${server.port}`,
    jobs,
    log,
    async stop() {
      await jobs.close();
      await server.stop();
    },
  };
}
