import { describeError } from "../errors.js";
import type { FileDiff } from "../diff/types.js";
import type { Logger } from "../ports.js";
import { changedSymbolsOf, rankChangedSymbols, type ChangedSymbol } from "./changed-symbols.js";
import { languageOf } from "./source-lines.js";
import { DEFAULT_IMPACT_LIMITS, findSymbolUses, type ImpactEnvironment, type ImpactSection } from "./symbol-uses.js";

/** The changed exported symbols of the files, read from their head texts when known, else from their diffs alone. */
export function changedSymbolsOfFiles(files: readonly FileDiff[], headTexts: ReadonlyMap<string, string>, mayShow: (path: string) => boolean, maxSymbols: number): ChangedSymbol[] {
  const candidates: ChangedSymbol[] = [];
  for (const file of files) {
    if (languageOf(file.path) === undefined || file.status === "added" || !mayShow(file.path)) continue;
    const head = file.status === "removed" ? undefined : headTexts.get(file.path);
    candidates.push(...changedSymbolsOf(file, head === undefined ? {} : { head }));
  }
  return rankChangedSymbols(candidates, maxSymbols);
}

/**
 * The review's cross-file impact: the uses elsewhere of the exported functions, methods and types the files
 * change, found by the engine's own search of the head. The changed symbols come from texts the review has
 * already read, so the repository is downloaded only when there is a symbol to look up. A search that fails
 * (the repository cannot be downloaded) costs the impact section, never the review.
 */
export async function reviewImpact(
  files: readonly FileDiff[],
  headTexts: ReadonlyMap<string, string>,
  environment: Omit<ImpactEnvironment, "diffs">,
  log: Logger,
): Promise<readonly ImpactSection[]> {
  const symbols = changedSymbolsOfFiles(files, headTexts, environment.mayShow, environment.limits?.maxSymbols ?? DEFAULT_IMPACT_LIMITS.maxSymbols);
  if (symbols.length === 0) return [];
  try {
    const sections = await findSymbolUses(symbols, { ...environment, diffs: files });
    log.info({ symbols: symbols.map((s) => s.name), sections: sections.length, uses: sections.reduce((sum, s) => sum + s.shown.length, 0) }, "uses of changed symbols found");
    return sections;
  } catch (error) {
    log.warn({ err: error, reason: describeError(error), symbols: symbols.length }, "uses of changed symbols not searched; the review goes on without them");
    return [];
  }
}
