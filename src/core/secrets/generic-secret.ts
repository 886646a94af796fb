import { GENERIC_SECRET, redactionMarker } from "./secret-patterns.js";

/** A word in a name that says it holds a credential. */
const CREDENTIAL_WORD = /passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret|credentials?/gi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/**
 * What follows such a name in an assignment: `= value`, `: value`, `"name": "value"`, `NAME=value`, `:= value`,
 * `=> value`. Read at the end of the name, so the scan stays linear on long (minified) lines.
 */
const ASSIGNED_VALUE = /(["']?)\s*(?::=|=>|[:=])\s*(["'`]?)([^\s"'`,;]{8,1000})/y;

/** Values that stand for a secret rather than being one. */
const PLACEHOLDER = /changeme|change_me|example|sample|dummy|placeholder|your[_-]?|xxxx|\*\*\*\*|redacted|\.\.\.|^<.*>$|\$\{|\{\{|%\(|^\$[A-Za-z_]|process\.env|os\.environ|getenv|ENV\[|secrets\.|^(?:none|null|nil|undefined|true|false)$/i;
/** An unquoted value that is code (an identifier, a property path or a call), not a literal. */
const CODE_EXPRESSION = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[\w$]+)*(?:\(.*)?$/;

/** Bits of information per character (Shannon entropy of the character frequencies). */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Whether a value assigned to a credential name is likely a real secret: random-looking (letters and digits,
 * enough entropy), not a placeholder (`changeme`, `${VAR}`, `<token>`, `process.env.X`), and, when unquoted,
 * not an identifier of the code (`token = getToken()`).
 */
export function looksSecret(value: string, quoted: boolean): boolean {
  if (value.startsWith("[REDACTED:") || PLACEHOLDER.test(value)) return false;
  if (/^https?:\/\/[^@]*$/i.test(value) || value.startsWith("/")) return false;
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  const entropy = shannonEntropy(value);
  if (!quoted) {
    if (CODE_EXPRESSION.test(value) && !(hasDigit && entropy >= 3.5 && value.length >= 16)) return false;
    return hasDigit && hasLetter && value.length >= 12 && entropy >= 3.2;
  }
  return (hasDigit && hasLetter && entropy >= 3.0) || (value.length >= 20 && entropy >= 3.5);
}

/** Replaces the values of credential-named assignments that look secret; says whether it replaced any. */
export function redactGenericSecrets(line: string): { readonly text: string; readonly found: boolean } {
  const values: { readonly start: number; readonly end: number }[] = [];
  let lastNameEnd = -1;
  for (const word of line.matchAll(CREDENTIAL_WORD)) {
    let nameEnd = word.index + word[0].length;
    while (nameEnd < line.length && NAME_CHAR.test(line[nameEnd] ?? "")) nameEnd += 1;
    if (nameEnd === lastNameEnd) continue;
    lastNameEnd = nameEnd;
    ASSIGNED_VALUE.lastIndex = nameEnd;
    const assignment = ASSIGNED_VALUE.exec(line);
    if (assignment === null) continue;
    const quote = assignment[2] ?? "";
    const value = assignment[3] ?? "";
    const end = nameEnd + assignment[0].length;
    if (quote !== "" && line[end] !== quote) continue;
    if (looksSecret(value, quote !== "")) values.push({ start: end - value.length, end });
  }
  let text = line;
  for (const value of values.reverse()) text = `${text.slice(0, value.start)}${redactionMarker(GENERIC_SECRET.kind)}${text.slice(value.end)}`;
  return { text, found: values.length > 0 };
}
