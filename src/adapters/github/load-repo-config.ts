import { parseRepoConfig, REPO_CONFIG_FILE, REPO_CONFIG_PATH, type RepoConfigResult } from "../../core/config/repo-config.js";
import { describeError } from "../../core/errors.js";
import type { RepoConfigSource } from "./installation-config.js";

function withCause(error: unknown): string {
  const message = describeError(error).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
  const cause = error instanceof Error && error.cause !== undefined ? describeError(error.cause) : "";
  return cause === "" ? message : `${message}: ${cause}`;
}

/**
 * Reads `.github/pr-reviewer.yml` through Probot, which takes it from the default branch (a PR cannot
 * rewrite the policy that reviews it), falls back to the owner's `.github` repository and follows `_extends`.
 * A file that cannot be read or parsed becomes a reported problem and the defaults apply.
 */
export async function loadRepoConfig(context: RepoConfigSource): Promise<RepoConfigResult> {
  let result: RepoConfigResult;
  try {
    result = parseRepoConfig(await context.config(REPO_CONFIG_FILE));
  } catch (error) {
    result = { ...parseRepoConfig(null), problems: [`${REPO_CONFIG_PATH} could not be read: ${withCause(error)}`] };
  }
  return context.override === undefined ? result : { ...result, config: { ...result.config, ...context.override } };
}
