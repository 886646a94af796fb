import { indentOf, isBlank, languageOf, scanSource, type Language, type SourceLine } from "./source-lines.js";

export type DeclarationKind = "function" | "class" | "method" | "interface" | "type" | "enum" | "const" | "namespace";

/**
 * A declaration other files can use: exported in TypeScript/JavaScript, public (no leading `_`) in Python,
 * capitalised in Go. Lines are numbered from 1.
 */
export interface Declaration {
  /** `parseConfig`, or `Widget.render` for a method. */
  readonly name: string;
  /** The word its uses contain: `render` for `Widget.render`. */
  readonly identifier: string;
  /** A method: used after a dot (`widget.render(`). */
  readonly member: boolean;
  readonly kind: DeclarationKind;
  readonly startLine: number;
  /** Last line of the signature: the parameters and return type, before the body. */
  readonly signatureEndLine: number;
  readonly endLine: number;
  /** Line ranges inside it that belong to declarations of their own (a class's public methods). */
  readonly nested: readonly (readonly [number, number])[];
  /** Other lines that are part of how it is called: a class's constructor (`__init__`) parameters. */
  readonly constructorSignature?: readonly [number, number];
}

/** Kinds whose every line is part of their shape, so any change to them changes how they can be used. */
export const SHAPE_KINDS: ReadonlySet<DeclarationKind> = new Set(["interface", "type", "enum"]);

interface Found {
  readonly name: string;
  readonly kind: DeclarationKind;
}

const TS_KEYWORD = String.raw`(function(?:\s*\*\s*|\s+)|(?:class|interface|type|const\s+enum|enum|const|let|var|namespace)\s+)`;
const TS_EXPORT = new RegExp(String.raw`^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?${TS_KEYWORD}([A-Za-z_$][\w$]*)`);
const TS_LOCAL = new RegExp(String.raw`^\s*(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?${TS_KEYWORD}([A-Za-z_$][\w$]*)`);
const TS_COMMONJS = /^\s*(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=(?!=)/;
const TS_EXPORT_LIST = /^\s*export\s*(?:type\s*)?\{([^}]*)\}\s*;?\s*$/;
const TS_MEMBER_METHOD =
  /^\s*((?:(?:public|protected|private|static|readonly|async|override|abstract|declare|accessor)\s+)*)(?:(?:get|set)\s+)?\*?\s*(#?[A-Za-z_$][\w$]*)\s*[?!]?\s*(?:<[^>]*>\s*)?\(/;
const TS_MEMBER_ARROW =
  /^\s*((?:(?:public|protected|private|static|readonly|override)\s+)*)(#?[A-Za-z_$][\w$]*)\s*[?!]?\s*(?::[^=]*)?=\s*(?:async\s*)?(?:\(|[A-Za-z_$][\w$]*\s*=>)/;
const NOT_METHODS = new Set(["if", "for", "while", "switch", "catch", "return", "function", "new", "super", "constructor", "await", "typeof"]);

const PY_TOP = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(|^class\s+([A-Za-z_]\w*)/;
const PY_METHOD = /^\s+(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;

const GO_FUNC = /^func\s+([A-Z]\w*)\s*[([]/;
const GO_METHOD = /^func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*([A-Z]\w*)\s*[([]/;
const GO_TYPE = /^type\s+([A-Z]\w*)\b/;
const GO_TYPE_GROUP = /^type\s*\(\s*$/;
const GO_GROUPED_TYPE = /^\s+([A-Z]\w*)(?:\[[^\]]*\])?\s+\S/;

function tsKind(written: string, rest: string): DeclarationKind {
  const keyword = written.trim();
  if (keyword.startsWith("function")) return "function";
  if (keyword.endsWith("enum")) return "enum";
  if (keyword === "class" || keyword === "interface" || keyword === "type" || keyword === "namespace") return keyword;
  // `export const handler = async (req) => …` is used like a function.
  return /^\s*(?::[^=]*)?=\s*(?:async\b|function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(rest) ? "function" : "const";
}

/** A top-level declaration on one line of code, if that line starts one (TypeScript/JavaScript). */
function tsTopLevel(code: string, exportedLocals: ReadonlySet<string>): Found | undefined {
  const exported = TS_EXPORT.exec(code);
  if (exported?.[1] !== undefined && exported[2] !== undefined) {
    return { name: exported[2], kind: tsKind(exported[1], code.slice(exported.index + exported[0].length)) };
  }
  const commonjs = TS_COMMONJS.exec(code);
  if (commonjs?.[1] !== undefined) return { name: commonjs[1], kind: tsKind("const", code.slice(commonjs.index + commonjs[0].length - 1)) };
  const local = TS_LOCAL.exec(code);
  if (local?.[1] !== undefined && local[2] !== undefined && exportedLocals.has(local[2])) {
    return { name: local[2], kind: tsKind(local[1], code.slice(local.index + local[0].length)) };
  }
  return undefined;
}

/** Names exported by `export { a, b as c }` lists (without `from`): declared above without `export`. */
function exportListNames(lines: readonly SourceLine[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const list = line.depthBefore === 0 ? TS_EXPORT_LIST.exec(line.code) : null;
    for (const item of list?.[1]?.split(",") ?? []) {
      const local = /^\s*(?:type\s+)?([A-Za-z_$][\w$]*)/.exec(item)?.[1];
      if (local !== undefined) names.add(local);
    }
  }
  return names;
}

function tsMember(code: string): string | undefined {
  const found = TS_MEMBER_METHOD.exec(code) ?? TS_MEMBER_ARROW.exec(code);
  const modifiers = found?.[1] ?? "";
  const name = found?.[2];
  if (name === undefined || name.startsWith("#") || /\bprivate\b/.test(modifiers) || NOT_METHODS.has(name)) return undefined;
  return name;
}

function pythonTopLevel(line: SourceLine): Found | undefined {
  const found = line.depthBefore === 0 && !line.continuesLiteral ? PY_TOP.exec(line.code) : null;
  const defName = found?.[1];
  const className = found?.[2];
  if (defName !== undefined) return defName.startsWith("_") ? undefined : { name: defName, kind: "function" };
  if (className !== undefined) return className.startsWith("_") ? undefined : { name: className, kind: "class" };
  return undefined;
}

function goTopLevel(code: string): (Found & { readonly receiver?: string }) | undefined {
  const method = GO_METHOD.exec(code);
  if (method?.[1] !== undefined && method[2] !== undefined) return { name: method[2], kind: "method", receiver: method[1] };
  const func = GO_FUNC.exec(code)?.[1];
  if (func !== undefined) return { name: func, kind: "function" };
  const type = GO_TYPE.exec(code)?.[1];
  if (type !== undefined) return { name: type, kind: /\binterface\b/.test(code) ? "interface" : "type" };
  return undefined;
}

/** Whether a line at the declaration's depth goes on with it rather than starting something new. */
function continues(previousCode: string, code: string): boolean {
  const next = code.trimStart();
  if (/^(?:[.?:|&+\-*/%=,)\]}{]|=>|(?:as|satisfies|extends|implements)\b)/.test(next)) return true;
  return /(?:[=([{,:|&+\-*/%?]|=>|\b(?:extends|implements|as|satisfies|return))$/.test(previousCode.trimEnd());
}

/** The last line of a brace-language declaration starting at `start` (an index into `lines`). */
function braceEnd(lines: readonly SourceLine[], start: number): number {
  const depth = lines[start]?.depthBefore ?? 0;
  let end = start;
  for (let k = start + 1; k < lines.length; k += 1) {
    const line = lines[k];
    if (line === undefined) break;
    if (line.depthBefore > depth || line.continuesLiteral) {
      end = k;
      continue;
    }
    if (isBlank(line.code)) continue;
    if (continues(lines[end]?.code ?? "", line.code)) {
      end = k;
      continue;
    }
    break;
  }
  return end;
}

/** Where the signature ends: the body's `{` (or `;`) at the declaration's own bracket depth. */
function braceSignatureEnd(lines: readonly SourceLine[], start: number, end: number): number {
  let depth = 0;
  for (let k = start; k <= end; k += 1) {
    for (const char of lines[k]?.code ?? "") {
      if ((char === "{" || char === ";") && depth === 0) return k;
      if (char === "(" || char === "[" || char === "{") depth += 1;
      else if (char === ")" || char === "]" || char === "}") depth -= 1;
    }
  }
  return end;
}

/** Python: the signature ends where its brackets close; the body is what is indented deeper below it. */
function pythonExtent(lines: readonly SourceLine[], start: number): { signatureEnd: number; end: number } {
  const indent = indentOf(lines[start]?.text ?? "");
  let signatureEnd = start;
  while (signatureEnd < lines.length - 1 && (lines[signatureEnd]?.depthAfter ?? 0) > 0) signatureEnd += 1;
  let end = signatureEnd;
  for (let k = signatureEnd + 1; k < lines.length; k += 1) {
    const line = lines[k];
    if (line === undefined) break;
    if (line.continuesLiteral || line.depthBefore > 0) {
      end = k;
      continue;
    }
    if (isBlank(line.code)) continue;
    if (indentOf(line.text) > indent) {
      end = k;
      continue;
    }
    break;
  }
  return { signatureEnd, end };
}

function declaration(
  found: Found, identifier: string, member: boolean, start: number, signatureEnd: number, end: number,
  nested: readonly (readonly [number, number])[] = [], constructorSignature?: readonly [number, number],
): Declaration {
  return {
    name: found.name, identifier, member, kind: found.kind, startLine: start + 1, signatureEndLine: signatureEnd + 1, endLine: end + 1, nested,
    ...(constructorSignature === undefined ? {} : { constructorSignature: [constructorSignature[0] + 1, constructorSignature[1] + 1] as const }),
  };
}

const TS_CONSTRUCTOR = /^\s*(?:(?:public|protected|private)\s+)?constructor\s*\(/;
const PY_CONSTRUCTOR = /^\s+def\s+__init__\s*\(/;

function typescriptDeclarations(lines: readonly SourceLine[]): Declaration[] {
  const exportedLocals = exportListNames(lines);
  const declarations: Declaration[] = [];
  for (let start = 0; start < lines.length; start += 1) {
    const line = lines[start];
    if (line === undefined || line.depthBefore !== 0 || line.continuesLiteral) continue;
    const found = tsTopLevel(line.code, exportedLocals);
    if (found === undefined) continue;
    const end = braceEnd(lines, start);
    const signatureEnd = braceSignatureEnd(lines, start, end);
    if (found.kind !== "class") {
      declarations.push(declaration(found, found.name, false, start, signatureEnd, end));
      continue;
    }
    const methods: Declaration[] = [];
    let constructorSignature: readonly [number, number] | undefined;
    for (let k = signatureEnd + 1; k < end; k += 1) {
      const memberLine = lines[k];
      if (memberLine === undefined || memberLine.depthBefore !== 1 || memberLine.continuesLiteral) continue;
      if (TS_CONSTRUCTOR.test(memberLine.code)) {
        constructorSignature = [k, braceSignatureEnd(lines, k, Math.min(braceEnd(lines, k), end - 1))];
        continue;
      }
      const name = tsMember(memberLine.code);
      if (name === undefined) continue;
      const memberEnd = Math.min(braceEnd(lines, k), end - 1);
      const method = { name: `${found.name}.${name}`, kind: "method" as const };
      methods.push(declaration(method, name, true, k, braceSignatureEnd(lines, k, memberEnd), memberEnd));
      k = memberEnd;
    }
    declarations.push(declaration(found, found.name, false, start, signatureEnd, end, methods.map((m) => [m.startLine, m.endLine] as const), constructorSignature));
    declarations.push(...methods);
  }
  return declarations;
}

function pythonDeclarations(lines: readonly SourceLine[]): Declaration[] {
  const declarations: Declaration[] = [];
  for (let start = 0; start < lines.length; start += 1) {
    const line = lines[start];
    if (line === undefined || indentOf(line.text) !== 0) continue;
    const found = pythonTopLevel(line);
    if (found === undefined) continue;
    const { signatureEnd, end } = pythonExtent(lines, start);
    if (found.kind !== "class") {
      declarations.push(declaration(found, found.name, false, start, signatureEnd, end));
      start = end;
      continue;
    }
    const methods: Declaration[] = [];
    let constructorSignature: readonly [number, number] | undefined;
    let bodyIndent: number | undefined;
    for (let k = signatureEnd + 1; k <= end; k += 1) {
      const memberLine = lines[k];
      if (memberLine === undefined || memberLine.continuesLiteral || memberLine.depthBefore > 0 || isBlank(memberLine.code)) continue;
      const indent = indentOf(memberLine.text);
      bodyIndent ??= indent;
      if (indent !== bodyIndent) continue;
      if (PY_CONSTRUCTOR.test(memberLine.code)) {
        constructorSignature = [k, pythonExtent(lines, k).signatureEnd];
        continue;
      }
      const name = PY_METHOD.exec(memberLine.code)?.[1];
      if (name === undefined || name.startsWith("_")) continue;
      const extent = pythonExtent(lines, k);
      methods.push(declaration({ name: `${found.name}.${name}`, kind: "method" }, name, true, k, extent.signatureEnd, extent.end));
      k = extent.end;
    }
    declarations.push(declaration(found, found.name, false, start, signatureEnd, end, methods.map((m) => [m.startLine, m.endLine] as const), constructorSignature));
    declarations.push(...methods);
    start = end;
  }
  return declarations;
}

function goDeclarations(lines: readonly SourceLine[]): Declaration[] {
  const declarations: Declaration[] = [];
  for (let start = 0; start < lines.length; start += 1) {
    const line = lines[start];
    if (line === undefined || line.depthBefore !== 0 || line.continuesLiteral) continue;
    if (GO_TYPE_GROUP.test(line.code)) {
      const groupEnd = braceEnd(lines, start);
      for (let k = start + 1; k < groupEnd; k += 1) {
        const grouped = lines[k];
        const name = grouped !== undefined && grouped.depthBefore === 1 ? GO_GROUPED_TYPE.exec(grouped.code)?.[1] : undefined;
        if (name === undefined || grouped === undefined) continue;
        const end = Math.min(braceEnd(lines, k), groupEnd - 1);
        const kind = /\binterface\b/.test(grouped.code) ? "interface" : "type";
        declarations.push(declaration({ name, kind }, name, false, k, braceSignatureEnd(lines, k, end), end));
        k = end;
      }
      start = groupEnd;
      continue;
    }
    const found = goTopLevel(line.code);
    if (found === undefined) continue;
    const end = braceEnd(lines, start);
    const signatureEnd = braceSignatureEnd(lines, start, end);
    if (found.receiver !== undefined) {
      declarations.push(declaration({ name: `${found.receiver}.${found.name}`, kind: "method" }, found.name, true, start, signatureEnd, end));
    } else declarations.push(declaration(found, found.name, false, start, signatureEnd, end));
    start = end;
  }
  return declarations;
}

/** The declarations of a file that code elsewhere can use, with the lines each spans; [] for other languages. */
export function findDeclarations(path: string, text: string): Declaration[] {
  const language = languageOf(path);
  if (language === undefined) return [];
  return declarationsIn(scanSource(text, language), language);
}

export function declarationsIn(lines: readonly SourceLine[], language: Language): Declaration[] {
  switch (language) {
    case "typescript":
      return typescriptDeclarations(lines);
    case "python":
      return pythonDeclarations(lines);
    case "go":
      return goDeclarations(lines);
  }
}

/**
 * The declaration a single line starts, read without the rest of its file (a diff line, or a hunk header's
 * section). `enclosingClass` names the class the line sits in when known (from the hunk header), so an
 * indented method line can be read as that class's method.
 */
export function declarationOnLine(code: string, language: Language, enclosingClass?: string): { name: string; identifier: string; member: boolean; kind: DeclarationKind } | undefined {
  switch (language) {
    case "typescript": {
      if (!/^\s/.test(code)) {
        const found = tsTopLevel(code, new Set());
        return found === undefined ? undefined : { name: found.name, identifier: found.name, member: false, kind: found.kind };
      }
      const method = enclosingClass === undefined ? undefined : tsMember(code);
      return method === undefined ? undefined : { name: `${enclosingClass}.${method}`, identifier: method, member: true, kind: "method" };
    }
    case "python": {
      if (!/^\s/.test(code)) {
        const found = pythonTopLevel({ text: code, code, depthBefore: 0, depthAfter: 0, continuesLiteral: false });
        return found === undefined ? undefined : { name: found.name, identifier: found.name, member: false, kind: found.kind };
      }
      const method = enclosingClass === undefined ? undefined : PY_METHOD.exec(code)?.[1];
      return method === undefined || method.startsWith("_") ? undefined : { name: `${enclosingClass}.${method}`, identifier: method, member: true, kind: "method" };
    }
    case "go": {
      const found = goTopLevel(code);
      if (found === undefined) return undefined;
      return found.receiver === undefined
        ? { name: found.name, identifier: found.name, member: false, kind: found.kind }
        : { name: `${found.receiver}.${found.name}`, identifier: found.name, member: true, kind: "method" };
    }
  }
}
