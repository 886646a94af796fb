import { RE2JS } from "re2js";
import type { TextMatcher } from "./scan-repository.js";

/** An exact, case-sensitive string. */
export function literalMatcher(query: string): TextMatcher {
  return {
    mayMatch: (text) => text.includes(query),
    *matchStarts(text) {
      for (let offset = text.indexOf(query); offset !== -1; offset = text.indexOf(query, offset + query.length)) {
        yield offset;
      }
    },
  };
}

export type RegexCompilation = { readonly ok: true; readonly matcher: TextMatcher } | { readonly ok: false; readonly message: string };

/**
 * A regular expression run by RE2JS, a port of RE2: matching time is linear in the text whatever the pattern,
 * so a pattern such as `(a+)+$` cannot stall the server on a long line (JavaScript's own engine backtracks).
 * `^` and `$` match at line breaks, as grep users expect.
 */
export function regexMatcher(pattern: string): RegexCompilation {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, RE2JS.MULTILINE);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `not a valid RE2 regular expression (${message})` };
  }
  // A pattern that matches empty text matches at every position of every file: nothing to learn from it.
  if (compiled.matcher("").find()) return { ok: false, message: "the regular expression matches empty text; make it name what to find" };
  return {
    ok: true,
    matcher: {
      mayMatch: (text) => compiled.matcher(text).find(),
      *matchStarts(text) {
        const matcher = compiled.matcher(text);
        while (matcher.find()) yield matcher.start();
      },
    },
  };
}

const IDENTIFIER_CHAR = "[\\p{L}\\p{N}_$]";

/**
 * An identifier as a whole word: `parse` matches in `parse(x)` but not in `parseConfig` or `$parse`.
 * `member`: only after a dot, as a method or field is used (`x.parse(`).
 */
export function identifierMatcher(identifier: string, member = false): TextMatcher {
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const before = member ? "(?<=\\.)" : `(?<!${IDENTIFIER_CHAR})`;
  // Only single characters are looked at around a literal: the engine cannot backtrack here.
  const source = `${before}${escaped}(?!${IDENTIFIER_CHAR})`;
  return {
    mayMatch: (text) => text.includes(identifier),
    *matchStarts(text) {
      const expression = new RegExp(source, "gu");
      for (const match of text.matchAll(expression)) yield match.index;
    },
  };
}
