import type { RepoConfig } from "../../core/config/repo-config.js";
import { posix } from "node:path";
import merge from "deepmerge";
import type { ProbotOctokit } from "probot";

/** Probot's config plugin (`@probot/octokit-plugin-config`), which Probot's Octokit carries and any Octokit can. */
export type ConfigReadingClient = Pick<InstanceType<typeof ProbotOctokit>, "config">;

export interface RepoConfigSource {
  config(fileName: string): Promise<unknown>;
  /**
   * Values that win over the file's once it is parsed (the Action's `fail_on` input): they hold whether the file
   * is missing, valid or invalid.
   */
  readonly override?: Partial<Pick<RepoConfig, "fail_on">>;
}

/**
 * `context.config` for a job that runs after its delivery (possibly on another replica): the same call Probot's
 * Context makes — `.github/<file>` from the default branch, the owner's `.github` repository as fallback,
 * `_extends` deep-merged — over an installation client.
 */
export function installationConfigSource(octokit: ConfigReadingClient, owner: string, repo: string): RepoConfigSource {
  return {
    async config(fileName) {
      const { config, files } = await octokit.config.get({
        owner,
        repo,
        path: posix.join(".github", fileName),
        defaults: (configs) => merge.all<Record<string, unknown>>([{}, ...configs]),
      });
      return files.some((file) => file.config !== null) ? config : null;
    },
  };
}

/**
 * One config file at any path of the repository (the Action's `config_path`), read like `.github/pr-reviewer.yml`:
 * from the default branch, so a pull request cannot change the policy that reviews it, with `_extends` followed.
 */
export function configFileSource(octokit: ConfigReadingClient, owner: string, repo: string, path: string): RepoConfigSource {
  return {
    async config() {
      const { config, files } = await octokit.config.get({
        owner,
        repo,
        path,
        defaults: (configs) => merge.all<Record<string, unknown>>([{}, ...configs]),
      });
      return files.some((file) => file.config !== null) ? config : null;
    },
  };
}
