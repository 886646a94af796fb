import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { emptyToUndefined } from "./env-values.js";

/**
 * Where the app keeps what it learns when there is no Redis: DATA_DIR (default `./data`, relative to the working
 * directory). In a container, mount a volume there, or learnings are lost with the container.
 */
export const StorageEnvSchema = z
  .object({
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("data")),
  })
  .transform((env) => ({ dataDir: isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(env.DATA_DIR) }));

export type StorageSettings = z.output<typeof StorageEnvSchema>;

export function parseStorageEnv(env: Readonly<Record<string, string | undefined>>): { settings?: StorageSettings; problems: string[] } {
  const parsed = StorageEnvSchema.safeParse(env);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}
