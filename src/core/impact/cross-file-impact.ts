import type { FileDiff } from "../diff/types.js";
import { changedSymbolsOf, rankChangedSymbols, type ChangedSymbol } from "./changed-symbols.js";
import { languageOf } from "./source-lines.js";
import { DEFAULT_IMPACT_LIMITS, findSymbolUses, type ImpactEnvironment, type ImpactSection } from "./symbol-uses.js";

export interface CrossFileImpact {
  /** The changed symbols looked up, most important first. */
  readonly symbols: readonly ChangedSymbol[];
  readonly sections: readonly ImpactSection[];
}

/**
 * The pull request's changed exported symbols and their uses elsewhere, in one call: head texts come from
 * the snapshot (the file as reviewed), base texts from `baseTexts` when the caller has them (path at the
 * base → text); without a base text a file is read from its head text and diff alone.
 */
export async function findCrossFileImpact(
  environment: ImpactEnvironment,
  baseTexts: ReadonlyMap<string, string> = new Map(),
): Promise<CrossFileImpact> {
  const maxSymbols = environment.limits?.maxSymbols ?? DEFAULT_IMPACT_LIMITS.maxSymbols;
  const candidates: ChangedSymbol[] = [];
  for (const diff of environment.diffs) {
    if (languageOf(diff.path) === undefined || diff.status === "added" || !environment.mayShow(diff.path)) continue;
    const head = diff.status === "removed" ? undefined : await headText(environment, diff);
    const base = baseTexts.get(diff.previousPath ?? diff.path);
    candidates.push(...changedSymbolsOf(diff, { ...(head === undefined ? {} : { head }), ...(base === undefined ? {} : { base }) }));
  }
  const symbols = rankChangedSymbols(candidates, maxSymbols);
  return { symbols, sections: symbols.length === 0 ? [] : await findSymbolUses(symbols, environment) };
}

async function headText(environment: ImpactEnvironment, diff: FileDiff): Promise<string | undefined> {
  const file = await environment.snapshot.readFile(diff.path, "read");
  return file.kind === "text" ? file.text : undefined;
}
