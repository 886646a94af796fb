import type { SkippedFile } from "../diff/select-files.js";
import type { FileDiff, Hunk } from "../diff/types.js";
import { renderFileDiff } from "../prompt/render-diff.js";
import { estimateTokens } from "./estimate-tokens.js";

/** One model call's share of the diff. */
export interface ReviewChunk {
  readonly sections: readonly string[];
  readonly paths: readonly string[];
  readonly estimatedTokens: number;
}

export interface ChunkPlan {
  readonly chunks: readonly ReviewChunk[];
  /** Files (or parts of files) that could not be fitted into any call, with why. */
  readonly notReviewed: readonly SkippedFile[];
}

interface Section {
  readonly path: string;
  readonly text: string;
  readonly tokens: number;
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** A file too big for one call is cut between hunks; a single hunk bigger than a call cannot be reviewed. */
function sectionsOf(file: FileDiff, budget: number, notReviewed: SkippedFile[]): Section[] {
  const whole = renderFileDiff(file);
  const tokens = estimateTokens(whole);
  if (tokens <= budget) return [{ path: file.path, text: whole, tokens }];
  const sections: Section[] = [];
  let pending: Hunk[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = renderFileDiff(file, pending);
    sections.push({ path: file.path, text, tokens: estimateTokens(text) });
    pending = [];
  };
  for (const hunk of file.hunks) {
    const alone = estimateTokens(renderFileDiff(file, [hunk]));
    if (alone > budget) {
      flush();
      notReviewed.push({
        path: file.path,
        reason: `hunk \`${hunk.header.slice(0, 60)}\` is too large for one model call (≈${alone} tokens, budget ${budget})`,
      });
      continue;
    }
    const candidate = estimateTokens(renderFileDiff(file, [...pending, hunk]));
    if (candidate > budget) flush();
    pending.push(hunk);
  }
  flush();
  return sections;
}

/**
 * Packs the files' diffs into as few model calls as the token budget allows, keeping files of one folder
 * together so the model sees related changes side by side.
 */
export function packChunks(files: readonly FileDiff[], budgetTokens: number): ChunkPlan {
  const ordered = [...files].sort(
    (a, b) => directoryOf(a.path).localeCompare(directoryOf(b.path)) || a.path.localeCompare(b.path),
  );
  const notReviewed: SkippedFile[] = [];
  const chunks: ReviewChunk[] = [];
  let current: Section[] = [];
  let currentTokens = 0;
  const close = (): void => {
    if (current.length === 0) return;
    chunks.push({
      sections: current.map((s) => s.text),
      paths: [...new Set(current.map((s) => s.path))],
      estimatedTokens: currentTokens,
    });
    current = [];
    currentTokens = 0;
  };
  for (const file of ordered) {
    for (const section of sectionsOf(file, budgetTokens, notReviewed)) {
      if (currentTokens + section.tokens > budgetTokens) close();
      current.push(section);
      currentTokens += section.tokens;
    }
  }
  close();
  return { chunks, notReviewed };
}
