import { z } from "zod";
import type { ToolDefinition } from "../findings/review-tool.js";

export const READ_FILE_TOOL_NAME = "read_file";
export const SEARCH_CODE_TOOL_NAME = "search_code";
export const LIST_FILES_TOOL_NAME = "list_files";

export const REPOSITORY_TOOL_NAMES = [READ_FILE_TOOL_NAME, SEARCH_CODE_TOOL_NAME, LIST_FILES_TOOL_NAME] as const;
export type RepositoryToolName = (typeof REPOSITORY_TOOL_NAMES)[number];

export function isRepositoryToolName(name: string): name is RepositoryToolName {
  return (REPOSITORY_TOOL_NAMES as readonly string[]).includes(name);
}

// vLLM's qwen3_coder parser hands over an integer it could not convert as the raw text, and other servers
// send numbers as strings now and then: "12" is taken for 12, anything else fails validation as it should.
function integerFromText(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

// Same parser: a boolean parameter is true only for the text "true".
function booleanFromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  return text === "true" ? true : text === "false" ? false : value;
}

const lineNumber = z.preprocess(integerFromText, z.number().int().positive());

export const ReadFileArgsSchema = z.object({
  path: z.string().trim().min(1).describe("Path of the file from the repository root, e.g. `src/app.ts`"),
  start_line: lineNumber.optional().describe("First line to read, from 1 (default 1)"),
  end_line: lineNumber
    .optional()
    .describe("Last line to read (default: 200 lines from start_line; at most 400 lines are returned per call)"),
});
export type ReadFileArgs = z.output<typeof ReadFileArgsSchema>;

export const SearchCodeArgsSchema = z.object({
  query: z
    .string()
    .min(1)
    .max(300)
    .describe("The text to find, matched exactly and case-sensitively; with regex: true, an RE2 regular expression"),
  path_glob: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("Only search files whose path matches this glob, e.g. `src/**/*.ts`; a glob without `/` matches file names"),
  regex: z
    .preprocess(booleanFromText, z.boolean())
    .optional()
    .describe("true to read query as an RE2 regular expression (no lookaround or backreferences; `(?i)` ignores case)"),
});
export type SearchCodeArgs = z.output<typeof SearchCodeArgsSchema>;

export const ListFilesArgsSchema = z.object({
  path_glob: z
    .string()
    .trim()
    .min(1)
    .describe("Glob of the paths to list, e.g. `src/api/**` or `*.proto`; a glob without `/` matches file names"),
});
export type ListFilesArgs = z.output<typeof ListFilesArgsSchema>;

function toParameters(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(schema, { target: "draft-7" });
  return parameters;
}

// The descriptions ask for restraint: every call costs a round trip and budget, and the diff with its
// surrounding code is usually enough; published agentic reviewers get their gain from a few targeted looks.
export const READ_FILE_TOOL: ToolDefinition = {
  name: READ_FILE_TOOL_NAME,
  description:
    "Read lines of a file of the repository at the pull request's head commit, numbered. Use it only when the diff " +
    "and the code around it are not enough to judge a change, e.g. to see a function, type or caller defined " +
    "elsewhere. Ask for the lines you need rather than the whole file.",
  parameters: toParameters(ReadFileArgsSchema),
};

export const SEARCH_CODE_TOOL: ToolDefinition = {
  name: SEARCH_CODE_TOOL_NAME,
  description:
    "Search the repository at the pull request's head commit and get the matching lines as `path:line: text`. " +
    "Use it sparingly, to find where a symbol the diff changes is defined or used; search for a precise " +
    "identifier and narrow with path_glob. Results are capped.",
  parameters: toParameters(SearchCodeArgsSchema),
};

export const LIST_FILES_TOOL: ToolDefinition = {
  name: LIST_FILES_TOOL_NAME,
  description:
    "List the paths of files at the pull request's head commit that match a glob. Use it only to find a file " +
    "whose path you do not know; results are capped.",
  parameters: toParameters(ListFilesArgsSchema),
};

/** The repository tools offered to the model besides `submit_review`, in a stable order. */
export const REPOSITORY_TOOLS: readonly ToolDefinition[] = [READ_FILE_TOOL, SEARCH_CODE_TOOL, LIST_FILES_TOOL];
