import { DEFAULT_REPO_CONFIG, type RepoConfig } from "./repo-config.js";

/**
 * The server's ceilings on the repository config values that spend model tokens (MAX_PROMPT_TOKENS_CAP,
 * MAX_FILES_CAP): a repository may ask for less, never for more than the operator pays for.
 */
export interface RepoConfigCaps {
  readonly maxPromptTokens: number;
  readonly maxFiles: number;
}

/** MAX_PROMPT_TOKENS_CAP defaults to the config's own default, so a repository can lower it but not raise it. */
export const DEFAULT_REPO_CONFIG_CAPS: RepoConfigCaps = {
  maxPromptTokens: DEFAULT_REPO_CONFIG.max_prompt_tokens,
  maxFiles: 3000,
};

type CappedKey = "max_prompt_tokens" | "max_files";

const CAPPED: ReadonlyArray<{ readonly key: CappedKey; readonly env: string; readonly cap: (caps: RepoConfigCaps) => number }> = [
  { key: "max_prompt_tokens", env: "MAX_PROMPT_TOKENS_CAP", cap: (caps) => caps.maxPromptTokens },
  { key: "max_files", env: "MAX_FILES_CAP", cap: (caps) => caps.maxFiles },
];

export interface CappedRepoConfig {
  readonly config: RepoConfig;
  /** One line per value the repository asked for above a cap; empty when nothing was lowered that it asked for. */
  readonly notes: readonly string[];
}

/**
 * Lowers the costly values to the server's caps. A value the repository wrote is lowered with a note saying so;
 * a default above a cap the operator set lower is lowered silently, since the repository asked for nothing.
 */
export function capRepoConfig(config: RepoConfig, caps: RepoConfigCaps): CappedRepoConfig {
  let capped: RepoConfig = config;
  const notes: string[] = [];
  for (const { key, env, cap } of CAPPED) {
    const limit = cap(caps);
    const asked = config[key];
    if (asked <= limit) continue;
    capped = { ...capped, [key]: limit };
    if (asked !== DEFAULT_REPO_CONFIG[key]) notes.push(`\`${key}: ${asked}\` is above this server's limit, so ${limit} was used (\`${env}\`, set by the operator).`);
  }
  return { config: capped, notes };
}
