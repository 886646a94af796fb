import { pathMatcher } from "../diff/path-glob.js";
import type { CountTokens } from "../plan/count-tokens.js";

/** A file of conventions read from the default branch, e.g. AGENTS.md. */
export interface GuidanceFile {
  readonly path: string;
  readonly text: string;
}

export interface RepoGuidance {
  /** The config's `instructions`, always given whole (the schema caps its length). */
  readonly instructions: string;
  /** `path_instructions`: glob → text. */
  readonly pathInstructions: Readonly<Record<string, string>>;
  /** Excerpts of the guidance files, already cut to their share of the budget. */
  readonly excerpts: readonly GuidanceFile[];
}

/** The share of one call's prompt that repository guidance may take, so it never crowds out the diff. */
export const GUIDANCE_SHARE = 0.15;

/** Cuts a text at a line end so that it counts at most `maxTokens`; says so when it cut. */
export function excerpt(text: string, maxTokens: number, countTokens: CountTokens): string {
  if (maxTokens <= 0) return "";
  if (countTokens(text) <= maxTokens) return text;
  const note = "\n[… cut to fit the review's budget …]";
  // Shrinking by the measured ratio converges in a few counts; each count is linear in the text.
  let chars = Math.floor(maxTokens * 3);
  for (let attempt = 0; attempt < 8 && chars > 0; attempt += 1) {
    const cut = text.slice(0, chars);
    const atLine = cut.lastIndexOf("\n") > chars / 2 ? cut.slice(0, cut.lastIndexOf("\n")) : cut;
    const candidate = `${atLine}${note}`;
    const tokens = countTokens(candidate);
    if (tokens <= maxTokens) return candidate;
    chars = Math.floor((chars * maxTokens) / tokens * 0.95);
  }
  return "";
}

/**
 * Reads the guidance files within `maxTokens` in their configured order: the first file gets what it needs,
 * later ones what is left. The config's own instructions and path instructions are counted first.
 */
export function fitGuidanceFiles(
  files: readonly GuidanceFile[],
  maxTokens: number,
  reservedTokens: number,
  countTokens: CountTokens,
): GuidanceFile[] {
  let left = maxTokens - reservedTokens;
  const excerpts: GuidanceFile[] = [];
  for (const file of files) {
    if (file.text.trim() === "") continue;
    const text = excerpt(file.text.trim(), left - countTokens(guidanceFileHeading(file.path)), countTokens);
    if (text === "") break;
    excerpts.push({ path: file.path, text });
    left -= countTokens(renderGuidanceFile({ path: file.path, text }));
  }
  return excerpts;
}

function guidanceFileHeading(path: string): string {
  return `From \`${path}\` on the default branch:\n`;
}

function renderGuidanceFile(file: GuidanceFile): string {
  return `${guidanceFileHeading(file.path)}${file.text}`;
}

/** Path instructions whose glob matches at least one of `paths`, in the config's order. */
export function matchingPathInstructions(pathInstructions: Readonly<Record<string, string>>, paths: readonly string[]): [string, string][] {
  return Object.entries(pathInstructions).filter(([glob]) => {
    const matches = pathMatcher(glob);
    return paths.some((path) => matches(path));
  });
}

/**
 * The maintainers' guidance for one model call, as the text the prompt shows under "Review instructions":
 * the config's instructions, the path instructions that apply to the call's files, then the guidance files.
 */
export function renderGuidance(guidance: RepoGuidance, paths: readonly string[]): string {
  const parts: string[] = [];
  if (guidance.instructions.trim() !== "") parts.push(guidance.instructions.trim());
  for (const [glob, text] of matchingPathInstructions(guidance.pathInstructions, paths)) {
    parts.push(`For files matching \`${glob}\`: ${text.trim()}`);
  }
  for (const file of guidance.excerpts) parts.push(renderGuidanceFile(file));
  return parts.join("\n\n");
}
