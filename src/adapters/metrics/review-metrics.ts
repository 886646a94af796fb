import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type ReviewResult = "completed" | "failed" | "cancelled";

/** `failed`: the second look could not be had (error, no usable answer), so the findings were posted as found. */
export type VerificationOutcome = "confirmed" | "withdrawn" | "failed";

/** The budgets that refuse model-spending work: INSTALLATION_DAILY_TOKEN_BUDGET, PERSON_HOURLY_COMMAND_LIMIT. */
export type SpentBudgetKind = "installation_daily_tokens" | "person_hourly_commands";

export interface ReviewMetrics {
  reviewStarted(): void;
  reviewFinished(result: ReviewResult, seconds: number): void;
  modelTokens(promptTokens: number, completionTokens: number): void;
  modelCallFailed(kind: string): void;
  /** A repository tool call answered for the model: the tool's name (or `other`), how it was answered, and the tokens its answer added. */
  toolCall(tool: string, outcome: string, tokens: number): void;
  /** Findings given a second look before posting, by what came of it (confirmed, withdrawn, failed). */
  findingsVerified(outcome: VerificationOutcome, count: number): void;
  githubResponse(status: number): void;
  /** A command given in a comment, by name, and how it ended (done, denied, ignored, failed). */
  commandHandled(command: string, outcome: string): void;
  /** An answer in a review thread, by how it ended (done, denied, ignored, failed). */
  threadAnswered(outcome: string): void;
  /** Findings a review did not report because reviewers dismissed findings like them. */
  findingsSuppressed(count: number): void;
  /** Work refused, no model call made, because a budget was spent. */
  budgetSpent(budget: SpentBudgetKind): void;
  /** The Prometheus text exposition. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface MetricsSources {
  /** Jobs waiting (all replicas for Redis), read at scrape time. */
  readonly queueDepth: () => Promise<number>;
  /** Reviews running in this process. */
  readonly running: () => number;
}

/** Prometheus metrics on a registry of their own, so several servers in one process (tests) do not collide. */
export function createReviewMetrics(sources: MetricsSources): ReviewMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const reviews = new Counter({
    name: "pr_reviewer_reviews_total",
    help: "Reviews by state: started, and how they ended (completed, failed, cancelled)",
    labelNames: ["state"] as const,
    registers: [registry],
  });
  for (const state of ["started", "completed", "failed", "cancelled"]) reviews.inc({ state }, 0);
  const duration = new Histogram({
    name: "pr_reviewer_review_duration_seconds",
    help: "Time from a review's start to its end, by result",
    labelNames: ["result"] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200],
    registers: [registry],
  });
  new Gauge({
    name: "pr_reviewer_queue_depth",
    help: "Review jobs waiting to run",
    registers: [registry],
    async collect() {
      this.set(await sources.queueDepth());
    },
  });
  new Gauge({
    name: "pr_reviewer_reviews_running",
    help: "Reviews running in this process",
    registers: [registry],
    collect() {
      this.set(sources.running());
    },
  });
  const tokens = new Counter({
    name: "pr_reviewer_model_tokens_total",
    help: "Model tokens, by direction (in = prompt, out = completion)",
    labelNames: ["direction"] as const,
    registers: [registry],
  });
  const modelErrors = new Counter({
    name: "pr_reviewer_model_call_errors_total",
    help: "Failed model calls by kind (auth, not_found, bad_request, rate_limited, unavailable, timeout, bad_output, aborted, other)",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const toolCalls = new Counter({
    name: "pr_reviewer_model_tool_calls_total",
    help: "Repository tool calls answered for the model, by tool (read_file, search_code, list_files, other) and outcome (served, cut, failed, refused)",
    labelNames: ["tool", "outcome"] as const,
    registers: [registry],
  });
  const toolTokens = new Counter({
    name: "pr_reviewer_model_tool_result_tokens_total",
    help: "Tokens the answers to repository tool calls added to the model's prompts, by tool (read_file, search_code, list_files, other)",
    labelNames: ["tool"] as const,
    registers: [registry],
  });
  const verified = new Counter({
    name: "pr_reviewer_verified_findings_total",
    help: "Findings given a second look before posting, by outcome: confirmed (posted), withdrawn (not posted), failed (the second look failed; posted as found)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of ["confirmed", "withdrawn", "failed"]) verified.inc({ outcome }, 0);
  const github = new Counter({
    name: "pr_reviewer_github_requests_total",
    help: "GitHub API responses by HTTP status (0: no response)",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const spentBudgets = new Counter({
    name: "pr_reviewer_budget_spent_total",
    help: "Reviews and commands refused without a model call because a budget was spent, by budget (installation_daily_tokens, person_hourly_commands)",
    labelNames: ["budget"] as const,
    registers: [registry],
  });
  for (const budget of ["installation_daily_tokens", "person_hourly_commands"]) spentBudgets.inc({ budget }, 0);

  const commands = new Counter({
    name: "pr_reviewer_commands_total",
    help: "Commands given in pull request comments, by command and outcome (done, denied, ignored, failed)",
    labelNames: ["command", "outcome"] as const,
    registers: [registry],
  });
  const denied = new Counter({
    name: "pr_reviewer_commands_denied_total",
    help: "Commands and thread answers refused by the permission gate (commands.min_permission), by command",
    labelNames: ["command"] as const,
    registers: [registry],
  });
  const answers = new Counter({
    name: "pr_reviewer_thread_answers_total",
    help: "Replies in review threads considered for an answer, by outcome (done, denied, ignored, failed)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of ["done", "denied", "ignored", "failed"]) answers.inc({ outcome }, 0);
  const suppressed = new Counter({
    name: "pr_reviewer_findings_suppressed_total",
    help: "Findings not reported because reviewers dismissed findings like them (learnings)",
    registers: [registry],
  });

  return {
    commandHandled(command, outcome) {
      commands.inc({ command, outcome });
      if (outcome === "denied") denied.inc({ command });
    },
    threadAnswered(outcome) {
      answers.inc({ outcome });
      if (outcome === "denied") denied.inc({ command: "answer" });
    },
    findingsSuppressed: (count) => suppressed.inc(count),
    reviewStarted: () => reviews.inc({ state: "started" }),
    reviewFinished(result, seconds) {
      reviews.inc({ state: result });
      duration.observe({ result }, seconds);
    },
    modelTokens(promptTokens, completionTokens) {
      tokens.inc({ direction: "in" }, promptTokens);
      tokens.inc({ direction: "out" }, completionTokens);
    },
    modelCallFailed: (kind) => modelErrors.inc({ kind }),
    toolCall(tool, outcome, tokens) {
      toolCalls.inc({ tool, outcome });
      toolTokens.inc({ tool }, tokens);
    },
    findingsVerified(outcome, count) {
      if (count > 0) verified.inc({ outcome }, count);
    },
    githubResponse: (status) => github.inc({ status: String(status) }),
    budgetSpent: (budget) => spentBudgets.inc({ budget }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
