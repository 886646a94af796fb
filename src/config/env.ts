import { z } from "zod";
import { DEFAULT_AGENT_SETTINGS } from "../core/agent/model-tools.js";
import { emptyToUndefined } from "./env-values.js";

export const DEFAULT_MODEL_BASE_URL = "https://integrate.api.nvidia.com/v1";
export const DEFAULT_MODEL = "qwen/qwen3-coder-480b-a35b-instruct";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * How the model is asked to call `submit_review`: `auto` plus the system prompt's firm instruction works on
 * every server; `required` and `named` (tool_choice naming the function) are ignored or answered with an
 * empty `tool_calls` by some vLLM versions, so they are opt-in.
 */
export const TOOL_CHOICES = ["auto", "required", "named"] as const;
export type ToolChoiceStrategy = (typeof TOOL_CHOICES)[number];

/** A sampling field that can be left out of the request with `off`, for servers that refuse unknown fields. */
const optionalSamplingField = (name: string, schema: z.ZodNumber, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .union([z.literal("off"), z.coerce.number().pipe(schema)], { error: `${name} must be a number in range, or off to leave it out of the request` })
      .default(fallback)
      .transform((value) => (value === "off" ? undefined : value)),
  );

/** The environment variables this app reads itself; Probot reads its own (APP_ID, PRIVATE_KEY, …). */
export const ModelEnvSchema = z
  .object({
    OPENAI_BASE_URL: z.preprocess(
      emptyToUndefined,
      z.url({ message: "OPENAI_BASE_URL must be an http(s) URL such as https://integrate.api.nvidia.com/v1" }).default(DEFAULT_MODEL_BASE_URL),
    ),
    OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
    NVIDIA_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
    OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_MODEL)),
    MODEL_MAX_OUTPUT_TOKENS: z.preprocess(emptyToUndefined, positiveInt(8192)),
    MODEL_PROMPT_BUDGET_TOKENS: z.preprocess(emptyToUndefined, positiveInt(48_000)),
    MODEL_TIMEOUT_MS: z.preprocess(emptyToUndefined, positiveInt(300_000)),
    MODEL_MAX_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(3)),
    MODEL_TOOL_CHOICE: z.preprocess(
      emptyToUndefined,
      z.enum(TOOL_CHOICES, { message: `MODEL_TOOL_CHOICE must be one of ${TOOL_CHOICES.join(", ")}` }).default("auto"),
    ),
    MODEL_TEMPERATURE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(2).default(0.7)),
    MODEL_TOP_P: z.preprocess(emptyToUndefined, z.coerce.number().gt(0).max(1).default(0.8)),
    MODEL_TOP_K: optionalSamplingField("MODEL_TOP_K", z.number().int().min(-1), 20),
    MODEL_REPETITION_PENALTY: optionalSamplingField("MODEL_REPETITION_PENALTY", z.number().gt(0).max(2), 1.05),
    MODEL_STREAM: z.preprocess(emptyToUndefined, z.stringbool({ error: "MODEL_STREAM must be true or false" }).default(false)),
    MODEL_AGENTIC: z.preprocess(emptyToUndefined, z.stringbool({ error: "MODEL_AGENTIC must be true or false" }).default(DEFAULT_AGENT_SETTINGS.enabled)),
    MODEL_MAX_TOOL_ROUNDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(20).default(DEFAULT_AGENT_SETTINGS.maxRounds)),
    MODEL_MAX_TOOL_RESULT_TOKENS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).default(DEFAULT_AGENT_SETTINGS.maxResultTokens)),
    REVIEW_PART_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(32).default(3)),
    REVIEW_TIMEOUT_MS: z.preprocess(emptyToUndefined, positiveInt(900_000)),
    CHECK_RUN_NAME: z.preprocess(emptyToUndefined, z.string().default("pr-reviewer")),
  })
  .transform((env, ctx) => {
    const apiKey = env.OPENAI_API_KEY ?? env.NVIDIA_API_KEY;
    if (apiKey === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_API_KEY"],
        message:
          "no API key for the model endpoint: set OPENAI_API_KEY (or NVIDIA_API_KEY for NVIDIA's API). " +
          "A self-hosted vLLM started without --api-key accepts any value, e.g. OPENAI_API_KEY=none",
      });
      return z.NEVER;
    }
    return {
      model: {
        baseUrl: env.OPENAI_BASE_URL,
        apiKey,
        name: env.OPENAI_MODEL,
        maxOutputTokens: env.MODEL_MAX_OUTPUT_TOKENS,
        promptBudgetTokens: env.MODEL_PROMPT_BUDGET_TOKENS,
        timeoutMs: env.MODEL_TIMEOUT_MS,
        maxRetries: env.MODEL_MAX_RETRIES,
        toolChoice: env.MODEL_TOOL_CHOICE,
        sampling: {
          temperature: env.MODEL_TEMPERATURE,
          topP: env.MODEL_TOP_P,
          ...(env.MODEL_TOP_K !== undefined ? { topK: env.MODEL_TOP_K } : {}),
          ...(env.MODEL_REPETITION_PENALTY !== undefined ? { repetitionPenalty: env.MODEL_REPETITION_PENALTY } : {}),
        },
        stream: env.MODEL_STREAM,
        concurrency: env.REVIEW_PART_CONCURRENCY,
        reviewTimeoutMs: env.REVIEW_TIMEOUT_MS,
      },
      agent: { enabled: env.MODEL_AGENTIC, maxRounds: env.MODEL_MAX_TOOL_ROUNDS, maxResultTokens: env.MODEL_MAX_TOOL_RESULT_TOKENS },
      checkRunName: env.CHECK_RUN_NAME,
    };
  });

export type AppSettings = z.output<typeof ModelEnvSchema>;
export type ModelSettings = AppSettings["model"];

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`pr-reviewer cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the model settings; returns the problems instead of throwing so they can be reported together. */
export function parseAppSettings(env: Readonly<Record<string, string | undefined>>): { settings?: AppSettings; problems: string[] } {
  const parsed = ModelEnvSchema.safeParse(env);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return name === "" ? issue.message : `${name}: ${issue.message}`;
    }),
  };
}
