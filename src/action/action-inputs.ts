import { posix } from "node:path";
import { z } from "zod";
import { REPO_CONFIG_PATH } from "../core/config/repo-config.js";
import { SEVERITIES } from "../core/findings/review-tool.js";
import type { FailThreshold } from "../core/formats/reported-findings.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * An input as the runner passes it to a JavaScript action: `INPUT_` and the name upper-cased, spaces turned into
 * underscores, other characters kept (`fail_on` → `INPUT_FAIL_ON`). An empty value counts as not given.
 */
export function actionInput(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export interface ActionInputs {
  readonly githubToken: string;
  /** undefined: the repository config's `fail_on` decides. */
  readonly failOn?: FailThreshold;
  /** The repository config file, relative to the repository's root, read from its default branch. */
  readonly configPath: string;
  /** The environment the model settings are read from: the inputs over the App's variables (`env:` blocks). */
  readonly modelEnv: Env;
}

const FailOnSchema = z.enum([...SEVERITIES, "never"], { error: `fail_on must be one of ${[...SEVERITIES, "never"].join(", ")}` });

/** A path inside the repository: relative, without `..`, with forward slashes. */
function repositoryPath(text: string): string | undefined {
  const normal = posix.normalize(text.replace(/\\/g, "/")).replace(/^\.\//, "");
  return normal === "" || normal === "." || normal.startsWith("../") || normal === ".." || normal.startsWith("/") ? undefined : normal;
}

/** The action's inputs, validated together so that every mistake is reported at once. */
export function readActionInputs(env: Env): { readonly inputs?: ActionInputs; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const githubToken = actionInput(env, "github_token") ?? env["GITHUB_TOKEN"]?.trim();
  if (githubToken === undefined || githubToken === "") {
    problems.push("github_token: no token; leave the input at its default (${{ github.token }}) or pass a token with pull-requests: write");
  }
  const failOnText = actionInput(env, "fail_on");
  const failOn = failOnText === undefined ? undefined : FailOnSchema.safeParse(failOnText);
  if (failOn !== undefined && !failOn.success) problems.push(`${failOn.error.issues[0]?.message ?? "fail_on is invalid"} (got "${failOnText ?? ""}")`);
  const configText = actionInput(env, "config_path") ?? REPO_CONFIG_PATH;
  const configPath = repositoryPath(configText);
  if (configPath === undefined) problems.push(`config_path: "${configText}" is not a path inside the repository (e.g. ${REPO_CONFIG_PATH})`);
  const modelEnv: Env = {
    ...env,
    OPENAI_BASE_URL: actionInput(env, "openai_base_url") ?? env["OPENAI_BASE_URL"],
    OPENAI_API_KEY: actionInput(env, "openai_api_key") ?? env["OPENAI_API_KEY"],
    OPENAI_MODEL: actionInput(env, "openai_model") ?? env["OPENAI_MODEL"],
  };
  if (problems.length > 0 || githubToken === undefined || configPath === undefined) return { problems };
  return {
    problems,
    inputs: { githubToken, ...(failOn?.success === true ? { failOn: failOn.data } : {}), configPath, modelEnv },
  };
}
