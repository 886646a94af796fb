import type { z } from "zod";
import { describeError } from "../errors.js";
import { sanitiseInline } from "../prompt/render-diff.js";
import { listFiles, listFilesHeader } from "./list-files.js";
import { readFile, readFileHeader } from "./read-file.js";
import { searchCode, searchCodeHeader } from "./search-code.js";
import {
  isRepositoryToolName, ListFilesArgsSchema, ReadFileArgsSchema, REPOSITORY_TOOL_NAMES, SearchCodeArgsSchema, type RepositoryToolName,
} from "./tool-schemas.js";
import { errorResult, type RepositoryToolEnvironment, type ToolResult } from "./tool-result.js";

/** A tool call as the model made it: the arguments are unchecked (an object, or JSON text). */
export interface RepositoryToolCall {
  readonly name: string;
  readonly arguments: unknown;
}

function parsedArguments(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length === 0 ? "arguments" : issue.path.join(".")}: ${issue.message}`).join("; ");
}

/** What the model asked for, for the header of an answer to a call whose arguments did not validate. */
function roughHeader(name: string, args: unknown): string {
  const shown = typeof args === "object" && args !== null ? JSON.stringify(args) : String(args);
  const shownName = name.length > 100 ? `${name.slice(0, 100)}…` : name;
  return sanitiseInline(`${shownName} ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`);
}

/** The call as its answer names it (`read_file src/a.ts:10-80`), also for a call that is not served. */
export function toolCallHeader(call: RepositoryToolCall): string {
  const args = parsedArguments(call.arguments);
  switch (call.name) {
    case "read_file": {
      const parsed = ReadFileArgsSchema.safeParse(args);
      return parsed.success ? readFileHeader(parsed.data) : roughHeader(call.name, args);
    }
    case "search_code": {
      const parsed = SearchCodeArgsSchema.safeParse(args);
      return parsed.success ? searchCodeHeader(parsed.data) : roughHeader(call.name, args);
    }
    case "list_files": {
      const parsed = ListFilesArgsSchema.safeParse(args);
      return parsed.success ? listFilesHeader(parsed.data) : roughHeader(call.name, args);
    }
    default:
      return roughHeader(call.name, args);
  }
}

async function dispatch(name: RepositoryToolName, args: unknown, environment: RepositoryToolEnvironment): Promise<ToolResult> {
  switch (name) {
    case "read_file": {
      const parsed = ReadFileArgsSchema.safeParse(args);
      return parsed.success ? readFile(parsed.data, environment) : errorResult(roughHeader(name, args), `Invalid arguments: ${describeIssues(parsed.error)}.`);
    }
    case "search_code": {
      const parsed = SearchCodeArgsSchema.safeParse(args);
      return parsed.success ? searchCode(parsed.data, environment) : errorResult(roughHeader(name, args), `Invalid arguments: ${describeIssues(parsed.error)}.`);
    }
    case "list_files": {
      const parsed = ListFilesArgsSchema.safeParse(args);
      return parsed.success ? listFiles(parsed.data, environment) : errorResult(roughHeader(name, args), `Invalid arguments: ${describeIssues(parsed.error)}.`);
    }
  }
}

/**
 * Serves one repository tool call. It never throws: bad arguments, an unknown tool and a repository that
 * cannot be loaded are answered with a result that says so, and the review goes on.
 */
export async function runRepositoryTool(call: RepositoryToolCall, environment: RepositoryToolEnvironment): Promise<ToolResult> {
  const args = parsedArguments(call.arguments);
  if (!isRepositoryToolName(call.name)) {
    return errorResult(roughHeader(call.name, args), `There is no tool ${sanitiseInline(call.name)}; the repository tools are ${REPOSITORY_TOOL_NAMES.join(", ")}.`);
  }
  try {
    return await dispatch(call.name, args, environment);
  } catch (error) {
    return errorResult(roughHeader(call.name, args), `The repository could not be read: ${sanitiseInline(describeError(error))}.`);
  }
}
