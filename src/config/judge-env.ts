import { z } from "zod";
import { DEFAULT_MODEL_BASE_URL, TOOL_CHOICES, type ModelSettings } from "./env.js";
import { emptyToUndefined } from "./env-values.js";

/**
 * The endpoint of `pr-reviewer eval --judge-model`. It defaults to the reviewer's endpoint and key, so that a
 * judge on the same server needs only the flag; a judge elsewhere (another provider, to keep the reviewer's
 * blind spots out of its verdicts) sets JUDGE_BASE_URL and JUDGE_API_KEY.
 */
const JudgeEnvSchema = z
  .object({
    JUDGE_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: "JUDGE_BASE_URL must be an http(s) URL such as https://integrate.api.nvidia.com/v1" }).optional()),
    JUDGE_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
    JUDGE_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(120_000)),
    JUDGE_MAX_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(3)),
    JUDGE_TOOL_CHOICE: z.preprocess(
      emptyToUndefined,
      z.enum(TOOL_CHOICES, { message: `JUDGE_TOOL_CHOICE must be one of ${TOOL_CHOICES.join(", ")}` }).default("auto"),
    ),
    OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().optional()),
    OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
    NVIDIA_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  })
  .transform((env, ctx) => {
    const apiKey = env.JUDGE_API_KEY ?? env.OPENAI_API_KEY ?? env.NVIDIA_API_KEY;
    if (apiKey === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["JUDGE_API_KEY"],
        message: "no API key for the judge model: set JUDGE_API_KEY, or OPENAI_API_KEY (NVIDIA_API_KEY) when the judge shares the reviewer's endpoint",
      });
      return z.NEVER;
    }
    return { ...env, apiKey, baseUrl: env.JUDGE_BASE_URL ?? env.OPENAI_BASE_URL ?? DEFAULT_MODEL_BASE_URL };
  });

/**
 * Model settings for the judge: deterministic sampling (temperature 0), a short answer, no streaming. The
 * fields the judge does not use (prompt budget, part concurrency) keep neutral values.
 */
export function parseJudgeSettings(
  env: Readonly<Record<string, string | undefined>>,
  model: string,
): { settings?: ModelSettings; problems: string[] } {
  const parsed = JudgeEnvSchema.safeParse(env);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "judge"}: ${issue.message}`) };
  }
  const judge = parsed.data;
  return {
    settings: {
      baseUrl: judge.baseUrl,
      apiKey: judge.apiKey,
      name: model,
      maxOutputTokens: 1024,
      promptBudgetTokens: 32_000,
      timeoutMs: judge.JUDGE_TIMEOUT_MS,
      maxRetries: judge.JUDGE_MAX_RETRIES,
      toolChoice: judge.JUDGE_TOOL_CHOICE,
      sampling: { temperature: 0, topP: 1 },
      stream: false,
      concurrency: 1,
      reviewTimeoutMs: judge.JUDGE_TIMEOUT_MS * (judge.JUDGE_MAX_RETRIES + 1),
    },
    problems: [],
  };
}
