import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { parseRepoConfig, REPO_CONFIG_PATH, type RepoConfigResult } from "../core/config/repo-config.js";
import { describeError } from "../core/errors.js";

/**
 * `.github/pr-reviewer.yml` from the working tree, so a change to it can be tried before it is pushed. As on
 * GitHub, a file that cannot be read or parsed is reported and the defaults apply. `_extends` names another
 * repository, which only GitHub can read: it is left out, with a note.
 */
export async function readLocalConfig(root: string): Promise<RepoConfigResult> {
  let text: string;
  try {
    text = await readFile(join(root, REPO_CONFIG_PATH), "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
    if (code === "ENOENT" || code === "ENOTDIR") return parseRepoConfig(null);
    return { ...parseRepoConfig(null), problems: [`${REPO_CONFIG_PATH} could not be read: ${describeError(error)}`] };
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return { ...parseRepoConfig(null), problems: [`${REPO_CONFIG_PATH} is not valid YAML: ${describeError(error)}`] };
  }
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && "_extends" in raw) {
    const { _extends: _ignored, ...own } = raw;
    const result = parseRepoConfig(own);
    return { ...result, problems: [...result.problems, "`_extends` is followed only on GitHub; this local review uses the file's own settings"] };
  }
  return parseRepoConfig(raw);
}
