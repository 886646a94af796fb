import type { FileContext } from "../context/types.js";
import type { SkippedFile } from "../diff/select-files.js";
import type { FileDiff, Hunk } from "../diff/types.js";
import { renderFileHeading, renderHunk } from "../prompt/render-diff.js";
import type { CountTokens } from "./count-tokens.js";

/** One model call's share of the diff. */
export interface ReviewChunk {
  readonly sections: readonly string[];
  readonly paths: readonly string[];
  /** Tokens of the sections as the prompt joins them. */
  readonly tokens: number;
}

export interface ChunkPlan {
  readonly chunks: readonly ReviewChunk[];
  /** Files (or parts of files) that could not be fitted into any call, with why. */
  readonly notReviewed: readonly SkippedFile[];
}

export interface PackInput {
  /** Files in order of importance: when the total cap is reached, the later ones are left out. */
  readonly files: readonly FileDiff[];
  /** Surrounding code per path; a file without an entry is shown as its diff alone. */
  readonly contexts?: ReadonlyMap<string, FileContext>;
  /** Tokens of diff one call can carry. */
  readonly callBudget: number;
  /** Tokens of diff all calls together may carry (`max_prompt_tokens`). */
  readonly totalBudget: number;
  readonly countTokens: CountTokens;
  /**
   * Lets other work run between files: counting tokens is CPU work on the server's only thread, and a big pull
   * request must not hold webhooks waiting for seconds. Called every PAUSE_EVERY_FILES files.
   */
  readonly pause?: () => Promise<void>;
}

/** The prompt joins a file's heading and hunks with "\n" and sections with "\n\n": a token per join at most. */
const LINE_JOIN_TOKENS = 1;
const SECTION_JOIN_TOKENS = 1;

interface RenderedHunk {
  readonly text: string;
  readonly tokens: number;
}

interface RenderedFile {
  readonly file: FileDiff;
  readonly heading: RenderedHunk;
  readonly hunks: readonly RenderedHunk[];
  readonly tokens: number;
}

interface Section {
  readonly path: string;
  readonly text: string;
  readonly tokens: number;
}

/** About 20 ms of tokenizing at Qwen3's ≈1 M characters/s for files of ≈40 changed lines with context. */
const PAUSE_EVERY_FILES = 10;

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function compareByFolder(a: RenderedFile, b: RenderedFile): number {
  const da = directoryOf(a.file.path);
  const db = directoryOf(b.file.path);
  if (da !== db) return da < db ? -1 : 1;
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

/**
 * Renders and counts each hunk once (with its surrounding code when that still fits one call, else bare).
 * A hunk that cannot fit one call even bare is reported; the rest of its file is still reviewed.
 */
function renderFile(file: FileDiff, context: FileContext | undefined, input: PackInput, notReviewed: SkippedFile[]): RenderedFile {
  const headingText = renderFileHeading(file);
  const heading = { text: headingText, tokens: input.countTokens(headingText) };
  const room = input.callBudget - heading.tokens - LINE_JOIN_TOKENS;
  const hunks: RenderedHunk[] = [];
  let tokens = heading.tokens;
  for (const hunk of file.hunks) {
    const rendered = renderFittingHunk(hunk, context, room, input.countTokens);
    if (typeof rendered === "number") {
      notReviewed.push({
        path: file.path,
        reason: `hunk \`${hunk.header.slice(0, 60)}\` is too large for one model call (${rendered} tokens, budget ${input.callBudget})`,
      });
      continue;
    }
    hunks.push(rendered);
    tokens += LINE_JOIN_TOKENS + rendered.tokens;
  }
  return { file, heading, hunks, tokens };
}

/** The hunk rendered to fit `room`, or its bare size in tokens when even that does not fit. */
function renderFittingHunk(hunk: Hunk, context: FileContext | undefined, room: number, countTokens: CountTokens): RenderedHunk | number {
  const hunkContext = context?.get(hunk.index);
  if (hunkContext !== undefined) {
    const text = renderHunk(hunk, hunkContext);
    const tokens = countTokens(text);
    if (tokens <= room) return { text, tokens };
  }
  const text = renderHunk(hunk);
  const tokens = countTokens(text);
  return tokens <= room ? { text, tokens } : tokens;
}

/** A file as one section when it fits one call, else cut between hunks into sections that each fit. */
function sectionsOf(rendered: RenderedFile, callBudget: number): Section[] {
  const { file, heading } = rendered;
  if (rendered.tokens <= callBudget) {
    return [{ path: file.path, text: [heading.text, ...rendered.hunks.map((h) => h.text)].join("\n"), tokens: rendered.tokens }];
  }
  const sections: Section[] = [];
  let texts: string[] = [heading.text];
  let tokens = heading.tokens;
  for (const hunk of rendered.hunks) {
    if (texts.length > 1 && tokens + LINE_JOIN_TOKENS + hunk.tokens > callBudget) {
      sections.push({ path: file.path, text: texts.join("\n"), tokens });
      texts = [heading.text];
      tokens = heading.tokens;
    }
    texts.push(hunk.text);
    tokens += LINE_JOIN_TOKENS + hunk.tokens;
  }
  if (texts.length > 1) sections.push({ path: file.path, text: texts.join("\n"), tokens });
  return sections;
}

/**
 * Packs the files' diffs into as few model calls as the budget allows. Files are taken in order of
 * importance until the total cap is reached (the rest are reported, with why), then packed folder by folder
 * so related changes share a call; a file's hunks stay together unless the file alone exceeds one call.
 * Every hunk is rendered and counted once, so the time is linear in the size of the diff.
 */
export async function packChunks(input: PackInput): Promise<ChunkPlan> {
  const notReviewed: SkippedFile[] = [];
  const admitted: RenderedFile[] = [];
  let total = 0;
  for (const [index, file] of input.files.entries()) {
    if (input.pause !== undefined && index > 0 && index % PAUSE_EVERY_FILES === 0) await input.pause();
    const rendered = renderFile(file, input.contexts?.get(file.path), input, notReviewed);
    if (rendered.hunks.length === 0) continue;
    if (total + rendered.tokens > input.totalBudget) {
      notReviewed.push({
        path: file.path,
        reason: `over the review's cap of ${input.totalBudget} tokens of diff (\`max_prompt_tokens\`); more important files came first`,
      });
      continue;
    }
    total += rendered.tokens;
    admitted.push(rendered);
  }

  const chunks: ReviewChunk[] = [];
  let current: Section[] = [];
  let currentTokens = 0;
  const close = (): void => {
    if (current.length === 0) return;
    chunks.push({ sections: current.map((s) => s.text), paths: [...new Set(current.map((s) => s.path))], tokens: currentTokens });
    current = [];
    currentTokens = 0;
  };
  for (const rendered of admitted.sort(compareByFolder)) {
    for (const section of sectionsOf(rendered, input.callBudget)) {
      const joined = current.length === 0 ? section.tokens : currentTokens + SECTION_JOIN_TOKENS + section.tokens;
      if (joined > input.callBudget) {
        close();
        current = [section];
        currentTokens = section.tokens;
      } else {
        current.push(section);
        currentTokens = joined;
      }
    }
  }
  close();
  return { chunks, notReviewed };
}
