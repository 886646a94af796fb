import type { FileDiff } from "../diff/types.js";
import { declarationOnLine, declarationsIn, SHAPE_KINDS, type Declaration, type DeclarationKind } from "./declarations.js";
import { indentOf, isBlank, languageOf, scanSource, type Language } from "./source-lines.js";

/** How a symbol changed: its signature (or shape), only its body, or it is gone from the file. */
export type SymbolChange = "signature" | "body" | "removed";

/** An exported function, method or type the pull request changes: its uses elsewhere may break. */
export interface ChangedSymbol {
  /** `parseConfig`, or `Widget.render` for a method. */
  readonly name: string;
  /** The word its uses contain. */
  readonly identifier: string;
  /** Used after a dot (`widget.render(`). */
  readonly member: boolean;
  readonly kind: DeclarationKind;
  readonly language: Language;
  /** The file declaring it (at the head; its old path for a removed file). */
  readonly path: string;
  /** Its lines at the head, when known; absent for a removed symbol or when only the diff is known. */
  readonly lines?: { readonly start: number; readonly end: number };
  readonly change: SymbolChange;
  /** Added and deleted lines inside it. */
  readonly changedLines: number;
}

/** The file's text before and after the change, when known; without them only the diff's lines are read. */
export interface FileTexts {
  readonly base?: string;
  readonly head?: string;
}

interface Touch {
  readonly declaration: Declaration;
  readonly lines: number;
  readonly signature: boolean;
}

function inRange(line: number, start: number, end: number): boolean {
  return line >= start && line <= end;
}

/** How many of `changed` lie in the declaration's own lines (not in a nested method), and whether in its signature. */
function touch(declaration: Declaration, changed: readonly number[]): Touch {
  let lines = 0;
  let signature = false;
  for (const line of changed) {
    if (!inRange(line, declaration.startLine, declaration.endLine)) continue;
    if (declaration.nested.some(([start, end]) => inRange(line, start, end))) continue;
    lines += 1;
    const inConstructor = declaration.constructorSignature !== undefined && inRange(line, ...declaration.constructorSignature);
    if (line <= declaration.signatureEndLine || inConstructor || SHAPE_KINDS.has(declaration.kind)) signature = true;
  }
  return { declaration, lines, signature };
}

function touches(text: string | undefined, language: Language, changed: readonly number[]): Map<string, Touch> | undefined {
  if (text === undefined) return undefined;
  const result = new Map<string, Touch>();
  for (const declaration of declarationsIn(scanSource(text, language), language)) {
    const found = touch(declaration, changed);
    const earlier = result.get(declaration.name);
    // Overloads share a name: they count as one symbol.
    if (earlier === undefined) result.set(declaration.name, found);
    else {
      const merged = { ...earlier.declaration, endLine: Math.max(earlier.declaration.endLine, declaration.endLine) };
      result.set(declaration.name, { declaration: merged, lines: earlier.lines + found.lines, signature: earlier.signature || found.signature });
    }
  }
  return result;
}

/** Whether every non-blank line of the declaration in `text` is one of the `added` lines. */
function whollyAdded(declaration: Declaration, text: string | undefined, added: readonly number[]): boolean {
  if (text === undefined) return false;
  const addedLines = new Set(added);
  const lines = text.split("\n");
  for (let line = declaration.startLine; line <= declaration.endLine; line += 1) {
    if (!isBlank(lines[line - 1] ?? "") && !addedLines.has(line)) return false;
  }
  return true;
}

function symbol(file: FileDiff, language: Language, declaration: Declaration, change: SymbolChange, changedLines: number, atHead: boolean): ChangedSymbol {
  return {
    name: declaration.name,
    identifier: declaration.identifier,
    member: declaration.member,
    kind: declaration.kind,
    language,
    path: file.status === "removed" ? (file.previousPath ?? file.path) : file.path,
    ...(atHead ? { lines: { start: declaration.startLine, end: declaration.endLine } } : {}),
    change,
    changedLines,
  };
}

/**
 * The declarations of one changed file whose signature or body lines the diff changes, read from the base
 * and head texts when known, from the diff's own lines otherwise. New declarations are left out: nothing
 * outside the pull request uses them yet.
 */
export function changedSymbolsOf(file: FileDiff, texts: FileTexts = {}): ChangedSymbol[] {
  const language = languageOf(file.path);
  if (language === undefined || file.status === "added") return [];
  const lines = file.hunks.flatMap((hunk) => hunk.lines);
  // A blank line added or removed changes nothing a caller could notice.
  const added = lines.flatMap((line) => (line.kind === "add" && line.newLine !== undefined && !isBlank(line.text) ? [line.newLine] : []));
  const deleted = lines.flatMap((line) => (line.kind === "delete" && line.oldLine !== undefined && !isBlank(line.text) ? [line.oldLine] : []));
  const head = file.status === "removed" ? new Map<string, Touch>() : touches(texts.head, language, added);
  const base = touches(texts.base, language, deleted);
  if (head === undefined && base === undefined) return changedSymbolsFromDiff(file, language);

  const symbols: ChangedSymbol[] = [];
  for (const name of new Set([...(head?.keys() ?? []), ...(base?.keys() ?? [])])) {
    const now = head?.get(name);
    const before = base?.get(name);
    const changedLines = (now?.lines ?? 0) + (before?.lines ?? 0);
    if (now !== undefined) {
      // Known to be new in this pull request: nothing elsewhere uses it yet. Without the base text, a declaration
      // whose every line the diff adds is taken for new too (a review reads the head only).
      if (before === undefined && base !== undefined) continue;
      if (base === undefined && whollyAdded(now.declaration, texts.head, added)) continue;
      if (changedLines === 0) continue;
      const change = now.signature || before?.signature === true ? "signature" : "body";
      symbols.push(symbol(file, language, now.declaration, change, changedLines, true));
    } else if (before !== undefined) {
      if (head !== undefined) symbols.push(symbol(file, language, before.declaration, "removed", Math.max(changedLines, 1), false));
      else if (changedLines > 0) symbols.push(symbol(file, language, before.declaration, before.signature ? "signature" : "body", changedLines, false));
    }
  }
  return symbols;
}

/** `@@ -10,7 +10,8 @@ export class Widget {` → `export class Widget {`: Git's name for the code a hunk is in. */
function hunkSection(header: string): string {
  return /^@@[^@]*@@ ?(.*)$/.exec(header)?.[1] ?? "";
}

function codeOf(text: string, language: Language): string {
  return scanSource(text, language)[0]?.code ?? "";
}

type LineDeclaration = NonNullable<ReturnType<typeof declarationOnLine>>;

/**
 * Without the file's texts: each hunk is read from its top, the declaration Git names in its header first,
 * keeping the declarations the lines are in by indentation. A changed declaration line changes its signature
 * (or removes it, when only deleted); any other changed line changes the body of the declaration it is in.
 */
function changedSymbolsFromDiff(file: FileDiff, language: Language): ChangedSymbol[] {
  type Seen = { found: LineDeclaration; added: number; deleted: number; body: number };
  const seen = new Map<string, Seen>();
  const note = (found: LineDeclaration, field: "added" | "deleted" | "body"): void => {
    const entry = seen.get(found.name) ?? { found, added: 0, deleted: 0, body: 0 };
    entry[field] += 1;
    seen.set(found.name, entry);
  };
  for (const hunk of file.hunks) {
    const open: { indent: number; found: LineDeclaration }[] = [];
    const section = hunkSection(hunk.header);
    const named = declarationOnLine(codeOf(section, language), language);
    if (named !== undefined) open.push({ indent: indentOf(section), found: named });
    for (const line of hunk.lines) {
      const code = codeOf(line.text, language);
      if (isBlank(code)) continue;
      const indent = indentOf(line.text);
      // A closing bracket at a declaration's own indentation is its last line.
      const closing = /^\s*[}\])]/.test(code);
      while (open.length > 0 && (open.at(-1)?.indent ?? 0) >= indent && !(closing && open.at(-1)?.indent === indent)) open.pop();
      const enclosingClass = [...open].reverse().find((entry) => entry.found.kind === "class")?.found.name;
      const found = declarationOnLine(code, language, enclosingClass);
      if (found !== undefined) {
        if (line.kind !== "context") note(found, line.kind === "add" ? "added" : "deleted");
        open.push({ indent, found });
        continue;
      }
      const owner = open.at(-1);
      if (line.kind !== "context" && owner !== undefined) note(owner.found, "body");
      if (closing && owner?.indent === indent) open.pop();
    }
  }
  const path = file.status === "removed" ? (file.previousPath ?? file.path) : file.path;
  const symbols: ChangedSymbol[] = [];
  for (const [name, { found, added, deleted, body }] of seen) {
    // Only on added lines: a declaration this pull request introduces.
    if (added > 0 && deleted === 0) continue;
    const change: SymbolChange = deleted > 0 && added === 0 ? "removed" : deleted > 0 ? "signature" : SHAPE_KINDS.has(found.kind) ? "signature" : "body";
    symbols.push({
      name, identifier: found.identifier, member: found.member, kind: found.kind, language, path, change,
      changedLines: added + deleted + body,
    });
  }
  return symbols;
}

const CHANGE_ORDER: Readonly<Record<SymbolChange, number>> = { removed: 0, signature: 1, body: 2 };

/**
 * The symbols most worth checking first, at most `max`: removed ones (their uses are now broken), then
 * changed signatures, then changed bodies; more changed lines first; path and name break ties.
 */
export function rankChangedSymbols(symbols: readonly ChangedSymbol[], max: number): ChangedSymbol[] {
  const unique = new Map<string, ChangedSymbol>();
  for (const found of symbols) {
    const key = `${found.path}\u0000${found.name}`;
    const earlier = unique.get(key);
    if (earlier === undefined || CHANGE_ORDER[found.change] < CHANGE_ORDER[earlier.change]) unique.set(key, found);
  }
  return [...unique.values()]
    .sort(
      (a, b) =>
        CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] ||
        b.changedLines - a.changedLines ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    .slice(0, max);
}
