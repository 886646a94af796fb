import { FindingSchema, SEVERITIES, type Severity } from "./review-tool.js";

/** The schema's limit on `title`; a longer title is shortened rather than costing the finding. */
export const MAX_TITLE_CHARS = 200;

/** The severity a finding gets when the model gave none, or a word that names no level. */
export const DEFAULT_SEVERITY: Severity = "minor";

export interface MendedFinding {
  /** The candidate with its cosmetic defects mended; still to be judged by FindingSchema. */
  readonly value: unknown;
  /** What was changed, for the log; empty when nothing was. */
  readonly notes: readonly string[];
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(FindingSchema.shape));

/** Names models use for the schema's fields, in snake_case; taken only when the schema's own name is absent. */
const FIELD_ALIASES: Readonly<Record<string, string>> = {
  file: "path",
  file_path: "path",
  filepath: "path",
  filename: "path",
  file_name: "path",
  line_number: "line",
  lineno: "line",
  end_line: "line",
  message: "body",
  description: "body",
  comment: "body",
};

/**
 * Severity words of other scales (high/medium/low, SARIF's error/warning/note, issue trackers' blocker/trivial)
 * mapped to ours, where the meaning is plain; letters only, so "Major:", "[HIGH]" or "nit-pick" match too.
 */
const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: "critical",
  crit: "critical",
  blocker: "critical",
  blocking: "critical",
  fatal: "critical",
  major: "major",
  high: "major",
  error: "major",
  important: "major",
  minor: "minor",
  medium: "minor",
  moderate: "minor",
  warning: "minor",
  warn: "minor",
  low: "minor",
  nit: "nit",
  nitpick: "nit",
  trivial: "nit",
  info: "nit",
  informational: "nit",
  note: "nit",
  style: "nit",
  cosmetic: "nit",
};

function snakeCase(key: string): string {
  return key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

function quoted(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** `12`, `"12"`, `"L12"`: a positive line number; undefined for anything else. */
function lineNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*L?(\d+)\s*$/i.exec(value);
  const number = match?.[1] === undefined ? undefined : Number(match[1]);
  return number !== undefined && number > 0 ? number : undefined;
}

/** `"12-14"`, `"L12:L14"`: a range written into `line`. */
function lineRange(value: unknown): { readonly start: number; readonly end: number } | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\s*L?(\d+)\s*(?:-|–|:|\.\.)\s*L?(\d+)\s*$/i.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start > 0 && start < end ? { start, end } : undefined;
}

/**
 * A confidence written as a percentage ("85%", 85) or a quoted number ("0.8") means the same thing as 0.85
 * or 0.8; anything else is not a probability.
 */
function probability(value: unknown): number | undefined {
  const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value) : null;
  const number = typeof value === "number" ? value : match?.[1] !== undefined ? Number(match[1]) : undefined;
  if (number === undefined || !Number.isFinite(number) || number < 0) return undefined;
  const percent = match?.[2] === "%" || (number > 1 && number <= 100);
  const result = percent ? number / 100 : number;
  return result <= 1 ? result : undefined;
}

export function severityOf(value: unknown): Severity | undefined {
  if (typeof value !== "string") return undefined;
  return SEVERITY_WORDS[value.toLowerCase().replace(/[^a-z]/g, "")];
}

/**
 * One line of at most `max` characters: whitespace runs become one space, and a longer title is cut at the
 * last word boundary that keeps most of it, with an ellipsis.
 */
export function shortenTitle(title: string, max: number = MAX_TITLE_CHARS): string {
  const line = title.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  let room = line.slice(0, max - 1);
  // Never leave half of a surrogate pair (an emoji) before the ellipsis.
  if (/[\uD800-\uDBFF]$/.test(room)) room = room.slice(0, -1);
  const space = room.lastIndexOf(" ");
  const cut = space >= max * 0.6 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

type Fields = Record<string, unknown>;

/** Field names in the schema's spelling: `startLine`/`Start Line` → `start_line`, `file` → `path`. */
function canonicalFields(candidate: object, notes: string[]): Fields {
  const fields: Fields = {};
  const aliased: [string, string, unknown][] = [];
  for (const [key, value] of Object.entries(candidate)) {
    if (value === null) continue;
    const name = snakeCase(key);
    if (KNOWN_FIELDS.has(name)) {
      if (name !== key) notes.push(`field \`${key}\` read as \`${name}\``);
      fields[name] = value;
    } else if (FIELD_ALIASES[name] !== undefined) {
      aliased.push([key, FIELD_ALIASES[name], value]);
    } else {
      notes.push(`unknown field \`${key}\` ignored`);
    }
  }
  for (const [key, name, value] of aliased) {
    if (name in fields) notes.push(`unknown field \`${key}\` ignored`);
    else {
      notes.push(`field \`${key}\` read as \`${name}\``);
      fields[name] = value;
    }
  }
  return fields;
}

function mendLines(fields: Fields, notes: string[]): void {
  const range = "start_line" in fields ? undefined : lineRange(fields["line"]);
  if (range !== undefined) {
    notes.push(`line ${quoted(fields["line"])} read as start_line ${range.start}, line ${range.end}`);
    fields["start_line"] = range.start;
    fields["line"] = range.end;
  }
  const line = lineNumber(fields["line"]);
  // A line that is no line number is left for the schema to reject: without a line the finding has no place.
  if (line !== undefined && line !== fields["line"]) {
    notes.push(`line ${quoted(fields["line"])} read as ${line}`);
    fields["line"] = line;
  }
  if (!("start_line" in fields)) return;
  const start = lineNumber(fields["start_line"]);
  if (start === undefined || line === undefined || start >= line) {
    if (start !== line) notes.push(`start_line ${quoted(fields["start_line"])} dropped: not a line before \`line\``);
    delete fields["start_line"];
  } else if (start !== fields["start_line"]) {
    notes.push(`start_line ${quoted(fields["start_line"])} read as ${start}`);
    fields["start_line"] = start;
  }
}

function mendSeverity(fields: Fields, notes: string[]): void {
  const given = fields["severity"];
  const severity = severityOf(given);
  if (severity === undefined) {
    notes.push(given === undefined ? `no severity: taken as ${DEFAULT_SEVERITY}` : `severity ${quoted(given)} is no level of ${SEVERITIES.join("/")}: taken as ${DEFAULT_SEVERITY}`);
    fields["severity"] = DEFAULT_SEVERITY;
  } else if (severity !== given) {
    notes.push(`severity ${quoted(given)} read as ${severity}`);
    fields["severity"] = severity;
  }
}

function mendTitle(fields: Fields, notes: string[]): void {
  const title = fields["title"];
  if (title === undefined) return;
  if (typeof title !== "string") {
    notes.push(`title ${quoted(title)} dropped: not text`);
    delete fields["title"];
    return;
  }
  const shortened = shortenTitle(title);
  if (shortened === "") {
    delete fields["title"];
  } else if (shortened !== title) {
    if (title.replace(/\s+/g, " ").trim().length > MAX_TITLE_CHARS) notes.push(`title shortened from ${title.length} to ${shortened.length} characters`);
    fields["title"] = shortened;
  }
}

function mendConfidence(fields: Fields, notes: string[]): void {
  const given = fields["confidence"];
  if (given === undefined) return;
  const confidence = probability(given);
  if (confidence === undefined) {
    notes.push(`confidence ${quoted(given)} dropped: not a probability`);
    delete fields["confidence"];
  } else if (confidence !== given) {
    fields["confidence"] = confidence;
  }
}

/** Optional text fields: anything but text is left out, and so is empty evidence (the schema wants some). */
function mendOptionalTexts(fields: Fields, notes: string[]): void {
  for (const name of ["code", "evidence", "suggestion"]) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value !== "string") {
      notes.push(`${name} dropped: not text`);
      fields[name] = undefined;
    } else if (name === "evidence" && value.trim() === "") {
      fields[name] = undefined;
    }
  }
}

/**
 * Mends what is cosmetic in one finding the model sent, so that it is not lost for it: field names in
 * another spelling, unknown fields, a quoted or `L`-prefixed line number, a range written into `line`, a
 * start line that is not before the line, a severity in capitals or from another scale (none or an unknown
 * word: minor), a title too long or on several lines, a confidence that is no probability, a non-text
 * optional field. What makes a finding unusable — no path, no line, no body — is left for the schema to reject.
 */
export function mendFinding(candidate: unknown): MendedFinding {
  if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) return { value: candidate, notes: [] };
  const notes: string[] = [];
  const fields = canonicalFields(candidate, notes);
  if (typeof fields["path"] === "string") fields["path"] = fields["path"].trim();
  // Blank text explains nothing: left out, the schema rejects the finding for want of a body.
  if (typeof fields["body"] === "string" && fields["body"].trim() === "") delete fields["body"];
  mendLines(fields, notes);
  mendSeverity(fields, notes);
  mendTitle(fields, notes);
  mendConfidence(fields, notes);
  mendOptionalTexts(fields, notes);
  return { value: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)), notes };
}
