import { pathMatcher } from "../diff/path-glob.js";
import { sanitiseInline } from "../prompt/render-diff.js";
import { normalisePath } from "./file-text.js";
import { LIST_FILES_TOOL_NAME, type ListFilesArgs } from "./tool-schemas.js";
import { compareText, formatCount, limitsOf, plural, type RepositoryToolEnvironment, type ToolResult } from "./tool-result.js";

export function listFilesHeader(args: ListFilesArgs): string {
  return sanitiseInline(`${LIST_FILES_TOOL_NAME} ${JSON.stringify(args.path_glob)}`);
}

/** Models often name a folder (`src/api`, `src/api/`) where a glob is asked for: that means the files under it. */
function folderGlob(glob: string): string | undefined {
  if (/[*?[\]{}()!]/.test(glob)) return undefined;
  const folder = normalisePath(glob).replace(/\/+$/, "");
  return folder === "" ? "**" : `${folder}/**`;
}

/** list_files: the head's paths that match a glob, sorted, within the cap; secret files are left out. */
export async function listFiles(args: ListFilesArgs, environment: RepositoryToolEnvironment): Promise<ToolResult> {
  const limits = limitsOf(environment);
  const header = listFilesHeader(args);
  const listing = await environment.snapshot.listFiles();
  const visible = listing.paths.filter((path) => environment.mayShow(path));
  const inGlob = pathMatcher(normalisePath(args.path_glob));
  let matching = visible.filter((path) => inGlob(path));
  const asFolder = folderGlob(args.path_glob);
  let note: string | undefined;
  if (matching.length === 0 && asFolder !== undefined) {
    const inFolder = pathMatcher(asFolder);
    matching = visible.filter((path) => inFolder(path));
    if (matching.length > 0) note = `Read as the folder glob "${sanitiseInline(asFolder)}".`;
  }
  matching.sort(compareText);
  const shown = matching.slice(0, limits.maxListedPaths);
  const notes: string[] = note === undefined ? [] : [note];
  if (matching.length === 0) notes.push(`No file matches (${plural(visible.length, "file")} in the repository).`);
  else if (shown.length === matching.length) notes.push(`${plural(matching.length, "file")}.`);
  else notes.push(`${formatCount(shown.length)} of ${plural(matching.length, "file")} shown; narrow the glob to see the rest.`);
  if (listing.incomplete !== undefined) notes.push(`The repository's file list is incomplete: ${listing.incomplete}.`);
  return { header, body: shown.map(sanitiseInline).join("\n"), notes, isError: false };
}
