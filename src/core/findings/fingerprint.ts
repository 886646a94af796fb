import type { DiffSide } from "../diff/types.js";

/**
 * What identifies a finding across pushes: the file, the code it is about (whitespace-insensitive) and what
 * it says. Line numbers are left out on purpose, so a finding whose code merely moved keeps its fingerprint.
 */
export interface FingerprintInput {
  readonly path: string;
  readonly side: DiffSide;
  /** The text of the commented lines; empty when the finding is not on a diff line. */
  readonly code: readonly string[];
  readonly title: string;
}

export function normaliseCode(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}

/** Titles are reworded slightly between runs ("Null check missing on line 12"); numbers and punctuation are noise. */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\blines?\s+\d+(\s*[-–]\s*\d+)?/g, " ")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/**
 * cyrb53 (public domain): a fast 53-bit string hash, good enough to tell findings apart in one pull request.
 * Not cryptographic, and need not be: a collision only hides a duplicate-looking finding.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 14-hex-digit fingerprint; only `[0-9a-f]`, so it is safe inside an HTML comment. */
export function fingerprintOf(input: FingerprintInput): string {
  const code = input.code.map(normaliseCode).filter((line) => line !== "").join("\n");
  const key = [input.path, input.side, code, normaliseTitle(input.title)].join("\u0000");
  return hash53(key).toString(16).padStart(14, "0");
}

/** Seven hex digits of the same hash: a short id a person can type (e.g. in `/forget <id>`). */
export function shortHash(text: string): string {
  return hash53(text).toString(16).padStart(14, "0").slice(-7);
}

export const FINGERPRINT_PATTERN = /^[0-9a-f]{14}$/;
