import { suggestionFitsRange } from "../findings/suggestion-fit.js";
import { fenceFor, fitToLimit } from "../publish/markdown.js";
import { splitBlocks } from "../trust/markdown-blocks.js";
import { guardCode, sanitiseMarkdown, type OutputPolicy } from "../trust/sanitise-output.js";
import { VERDICTS, type Verdict } from "./answer-prompt.js";

/** GitHub's limit for a comment's body. */
export const COMMENT_LIMIT = 65_536;

const VERDICT_LINE = /^[\s*_>`]*verdict[\s*_`]*[:：][\s*_`]*(withdrawn|stands|none)\b.*$/i;

export interface ParsedAnswer {
  readonly text: string;
  readonly verdict: Verdict;
}

/**
 * Splits the model's answer into the text to post and its verdict line (the last `verdict: …` line wins and
 * every such line is removed). An answer without one says nothing about the finding: `none`.
 */
export function parseAnswer(raw: string): ParsedAnswer {
  let verdict: Verdict = "none";
  const kept: string[] = [];
  for (const line of raw.replace(/\r\n/g, "\n").split("\n")) {
    const match = VERDICT_LINE.exec(line);
    if (match === null) kept.push(line);
    else verdict = VERDICTS.find((v) => v === match[1]?.toLowerCase()) ?? "none";
  }
  return { text: kept.join("\n").trim(), verdict };
}

/** What a ```suggestion in an answer would replace when committed: the commented lines at the head. */
export interface SuggestionTarget {
  /** The commented lines' current text; empty when the thread is outdated or on the old side (no suggestion then). */
  readonly range: readonly string[];
  readonly before?: string | undefined;
  readonly after?: string | undefined;
}

/** Characters that make code read differently than it runs (Trojan Source) or hide text: never in a committable suggestion. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
const UNSAFE_IN_CODE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2060\ufeff\u00ad\u180e\u061c\u202a-\u202e\u2066-\u2069]/u;

/** A ```suggestion the model wrote, kept committable: it replaces exactly the commented lines, and is safe to post as is. */
function committableSuggestion(block: { readonly info: string; readonly code: string }, target: SuggestionTarget | undefined): string | undefined {
  if ((block.info.split(/\s/, 1)[0] ?? "").toLowerCase() !== "suggestion" || target === undefined) return undefined;
  if (UNSAFE_IN_CODE.test(block.code) || guardCode(block.code).altered || !suggestionFitsRange(block.code, target)) return undefined;
  const fence = fenceFor(block.code);
  return `${fence}suggestion\n${block.code}\n${fence}`;
}

/**
 * The text of an answer as posted: the model's words through the one output sanitiser (no mention, image, foreign
 * link, raw HTML, command line or forged marker of ours), and a ```suggestion kept committable only when it reads as
 * a replacement of exactly the commented lines at the head (`suggestionFitsRange`, as in reviews) — any other
 * becomes plain code. Within GitHub's comment limit.
 */
export function renderAnswer(text: string, target: SuggestionTarget | undefined, policy: OutputPolicy, footer = ""): string {
  const body = splitBlocks(text.replace(/\r\n?/g, "\n"))
    .map((block) => {
      if (block.kind === "prose") return sanitiseMarkdown(block.text, policy);
      const fence = fenceFor(block.code);
      return committableSuggestion(block, target) ?? sanitiseMarkdown(`${fence}${block.info}\n${block.code}\n${fence}`, policy);
    })
    .join("\n");
  return fitToLimit(body, footer === "" ? "" : `\n\n${footer}`, COMMENT_LIMIT);
}
