import { z } from "zod";
import { DEFAULT_REPO_CONFIG_CAPS } from "../core/config/config-caps.js";
import { emptyToUndefined } from "./env-values.js";

/** A limit that `unlimited` (or leaving it unset, when it has no default) turns off. */
const limitOrUnlimited = (name: string, fallback: number | undefined) => {
  const error = `${name} must be a positive whole number, or unlimited`;
  return z.preprocess(
    emptyToUndefined,
    z
      .union([z.literal("unlimited"), z.coerce.number({ error }).int({ error }).positive({ error })], { error })
      .optional()
      .transform((value) => (value === "unlimited" ? undefined : (value ?? fallback))),
  );
};

/**
 * What the model may cost, set by the operator alone: nothing a repository or a comment says reaches these.
 * The caps bound what `.github/pr-reviewer.yml` may ask for; the budgets bound what is spent over time.
 */
export const CostEnvSchema = z
  .object({
    MAX_PROMPT_TOKENS_CAP: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).default(DEFAULT_REPO_CONFIG_CAPS.maxPromptTokens)),
    MAX_FILES_CAP: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3000).default(DEFAULT_REPO_CONFIG_CAPS.maxFiles)),
    INSTALLATION_DAILY_TOKEN_BUDGET: limitOrUnlimited("INSTALLATION_DAILY_TOKEN_BUDGET", undefined),
    PERSON_HOURLY_COMMAND_LIMIT: limitOrUnlimited("PERSON_HOURLY_COMMAND_LIMIT", 30),
  })
  .transform((env) => ({
    configCaps: { maxPromptTokens: env.MAX_PROMPT_TOKENS_CAP, maxFiles: env.MAX_FILES_CAP },
    ...(env.INSTALLATION_DAILY_TOKEN_BUDGET !== undefined ? { installationDailyTokens: env.INSTALLATION_DAILY_TOKEN_BUDGET } : {}),
    ...(env.PERSON_HOURLY_COMMAND_LIMIT !== undefined ? { personHourlyCommands: env.PERSON_HOURLY_COMMAND_LIMIT } : {}),
  }));

export type CostSettings = z.output<typeof CostEnvSchema>;

export function parseCostEnv(env: Readonly<Record<string, string | undefined>>): { settings?: CostSettings; problems: string[] } {
  const parsed = CostEnvSchema.safeParse(env);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}
