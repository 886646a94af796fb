import { identifierMatcher } from "../agent/matchers.js";
import { numberedLine, numberWidth, showLine, splitLines } from "../agent/file-text.js";
import { scanRepository, type LineMatch } from "../agent/scan-repository.js";
import { compareText, formatCount } from "../agent/tool-result.js";
import type { FileDiff } from "../diff/types.js";
import type { RepositorySnapshot } from "../ports.js";
import { sanitiseInline } from "../prompt/render-diff.js";
import type { ChangedSymbol } from "./changed-symbols.js";
import { languageOf, type Language } from "./source-lines.js";

export interface ImpactLimits {
  /** Symbols looked up, the most important first (see rankChangedSymbols). */
  readonly maxSymbols: number;
  /** Uses shown per symbol. */
  readonly maxUsesPerSymbol: number;
  /** Lines shown above and below each use. */
  readonly contextLines: number;
  /** Characters of all sections together: the part of the prompt the impact may take. */
  readonly maxChars: number;
  /** Characters of one shown line. */
  readonly maxLineChars: number;
}

export const DEFAULT_IMPACT_LIMITS: ImpactLimits = {
  maxSymbols: 8,
  maxUsesPerSymbol: 5,
  contextLines: 2,
  maxChars: 12_000,
  maxLineChars: 200,
};

export interface ImpactEnvironment {
  readonly snapshot: RepositorySnapshot;
  /** The secret-file rules: a file that may not be shown is not searched. */
  readonly mayShow: (path: string) => boolean;
  readonly redact: (text: string) => string;
  /** The pull request's files: their added lines are in the diff already and are not shown again. */
  readonly diffs: readonly FileDiff[];
  readonly limits?: Partial<ImpactLimits>;
  readonly pause?: () => Promise<void>;
}

/** Where a symbol is used. */
export interface SymbolUse {
  readonly path: string;
  readonly line: number;
}

/**
 * The uses of one changed symbol, ready for the prompt. `text` holds repository code: untrusted, to be
 * fenced like the diff.
 */
export interface ImpactSection {
  readonly symbol: ChangedSymbol;
  /** e.g. "Uses of `parseConfig` (its signature changed in this pull request)" */
  readonly title: string;
  readonly text: string;
  readonly shown: readonly SymbolUse[];
  /** Uses found, shown or not. */
  readonly found: number;
}

const CHANGE_WORDS: Readonly<Record<ChangedSymbol["change"], string>> = {
  signature: "its signature changed in this pull request",
  body: "its body changed in this pull request",
  removed: "removed or renamed in this pull request",
};

/** Lines that bring a name into a file without using it: they show nothing about how it is used. */
const IMPORT_LINE: Readonly<Record<Language, RegExp>> = {
  typescript: /^\s*(?:import\b|export\s*(?:type\s*)?\{[^}]*\}\s*from\b|(?:const|let|var)\s*\{[^}]*\}\s*=\s*require\s*\()/,
  python: /^\s*(?:from\s+\S+\s+)?import\b/,
  go: /^\s*import\b/,
};

function addedLinesByPath(diffs: readonly FileDiff[]): Map<string, Set<number>> {
  const byPath = new Map<string, Set<number>>();
  for (const diff of diffs) {
    const lines = new Set<number>();
    for (const hunk of diff.hunks) {
      for (const line of hunk.lines) if (line.kind === "add" && line.newLine !== undefined) lines.add(line.newLine);
    }
    byPath.set(diff.path, lines);
  }
  return byPath;
}

function isOwnDeclaration(symbol: ChangedSymbol, use: LineMatch): boolean {
  return use.path === symbol.path && symbol.lines !== undefined && use.line >= symbol.lines.start && use.line <= symbol.lines.end;
}

/** Uses in other files first (that is where a changed contract breaks), then in the symbol's own file. */
function compareUses(symbol: ChangedSymbol): (a: LineMatch, b: LineMatch) => number {
  return (a, b) => Number(a.path === symbol.path) - Number(b.path === symbol.path) || compareText(a.path, b.path) || a.line - b.line;
}

function snippet(use: LineMatch, fileLines: readonly string[], limits: ImpactLimits): string {
  const first = Math.max(1, use.line - limits.contextLines);
  const last = Math.min(fileLines.length, use.line + limits.contextLines);
  const width = numberWidth(last);
  const shown = [`${sanitiseInline(use.path)}:${use.line}`];
  for (let line = first; line <= last; line += 1) {
    shown.push(numberedLine(line, showLine(fileLines[line - 1] ?? "", limits.maxLineChars), width, line === use.line ? ">" : " "));
  }
  return shown.join("\n");
}

function titleOf(symbol: ChangedSymbol): string {
  const where = symbol.lines === undefined ? sanitiseInline(symbol.path) : `${sanitiseInline(symbol.path)}:${symbol.lines.start}`;
  return `Uses of \`${sanitiseInline(symbol.name)}\` (${CHANGE_WORDS[symbol.change]}; declared in ${where})`;
}

/**
 * The engine's own search for the uses of changed symbols: a whole-word search of the repository at the head
 * (same language only, secret files left out, shown text redacted), leaving out the symbol's own lines,
 * imports and the lines the pull request adds. Each section shows a few uses with a few lines around them,
 * within a budget of characters over all sections.
 */
export async function findSymbolUses(symbols: readonly ChangedSymbol[], environment: ImpactEnvironment): Promise<ImpactSection[]> {
  const limits: ImpactLimits = { ...DEFAULT_IMPACT_LIMITS, ...environment.limits };
  const added = addedLinesByPath(environment.diffs);
  const sections: ImpactSection[] = [];
  let budget = limits.maxChars;
  for (const symbol of symbols.slice(0, limits.maxSymbols)) {
    if (budget <= 0) break;
    const outcome = await scanRepository({
      snapshot: environment.snapshot,
      include: (path) => environment.mayShow(path) && languageOf(path) === symbol.language,
      redact: environment.redact,
      matcher: identifierMatcher(symbol.identifier, symbol.member),
      ...(environment.pause === undefined ? {} : { pause: environment.pause }),
    });
    const texts = new Map(outcome.files.map((file) => [file.path, file.text]));
    const uses = outcome.files
      .flatMap((file) => file.lines)
      .filter((use) => !isOwnDeclaration(symbol, use) && added.get(use.path)?.has(use.line) !== true && !IMPORT_LINE[symbol.language].test(use.text))
      .sort(compareUses(symbol));
    const title = titleOf(symbol);
    if (uses.length === 0) {
      // A removed symbol or a changed signature with no uses left is worth saying; an unused body change is not.
      if (symbol.change === "body") continue;
      const text = `${title}: no uses found elsewhere in the repository.`;
      if (text.length > budget) break;
      sections.push({ symbol, title, text, shown: [], found: 0 });
      budget -= text.length;
      continue;
    }
    const parts: string[] = [];
    const shown: SymbolUse[] = [];
    const linesOf = new Map<string, string[]>();
    let length = title.length + 40;
    for (const use of uses) {
      if (shown.length >= limits.maxUsesPerSymbol) break;
      // A use already inside the lines shown around an earlier one in the same file adds nothing.
      if (shown.some((earlier) => earlier.path === use.path && Math.abs(earlier.line - use.line) <= limits.contextLines)) continue;
      const fileLines = linesOf.get(use.path) ?? splitLines(texts.get(use.path) ?? "");
      linesOf.set(use.path, fileLines);
      const part = snippet(use, fileLines, limits);
      if (length + part.length + 1 > budget) break;
      parts.push(part);
      shown.push({ path: use.path, line: use.line });
      length += part.length + 1;
    }
    if (shown.length === 0) break;
    const count = uses.length === shown.length ? `${formatCount(uses.length)} found` : `${formatCount(shown.length)} of ${formatCount(uses.length)} shown`;
    const text = [`${title}: ${count}`, ...parts].join("\n");
    sections.push({ symbol, title, text, shown, found: uses.length });
    budget -= text.length;
  }
  return sections;
}
