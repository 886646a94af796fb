import { suggestionFitsRange } from "../findings/suggestion-fit.js";
import { fitToLimit, sanitiseModelMarkdown } from "../publish/markdown.js";
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

interface Fence {
  readonly marker: string;
  readonly info: string;
  readonly start: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Each ```suggestion block that does not read as a replacement of exactly the commented lines (as in reviews:
 * `suggestionFitsRange`) becomes a plain code block, so a click on "Commit suggestion" never writes the wrong
 * lines. Outside code blocks mentions are defused, and a line starting with "/" gets an invisible lead, so no bot
 * reads it as a command.
 */
function reviseBlocks(text: string, target: SuggestionTarget | undefined): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let open: Fence | undefined;
  let block: string[] = [];
  for (const line of lines) {
    if (open === undefined) {
      const fence = FENCE_OPEN.exec(line);
      if (fence !== null) {
        open = { marker: fence[1] ?? "```", info: (fence[2] ?? "").trim(), start: out.length };
        block = [];
        out.push(line);
        continue;
      }
      const prose = sanitiseModelMarkdown(line);
      out.push(prose.startsWith("/") ? `\u200b${prose}` : prose);
      continue;
    }
    const closing = new RegExp(`^ {0,3}${open.marker[0] === "`" ? "`" : "~"}{${open.marker.length},}\\s*$`);
    if (closing.test(line)) {
      if (open.info.toLowerCase().startsWith("suggestion")) {
        const fits = target !== undefined && suggestionFitsRange(block.join("\n"), target);
        if (!fits) out[open.start] = `${open.marker}${open.info.replace(/^suggestion/i, "").trim()}`;
      }
      open = undefined;
      out.push(line);
      continue;
    }
    block.push(line);
    out.push(line);
  }
  return out.join("\n");
}

/** Inside code, GitHub mentions no one and code must stay exact; only this app's markers are defused there. */
function defuseMarkers(text: string): string {
  return text.replace(/<!--\s*pr-reviewer:/gi, "<!-- (quoted) ");
}

/**
 * The text of an answer as posted: the model's words with mentions defused and this app's markers unforgeable
 * (its text is untrusted output), suggestions kept only where they fit, within GitHub's comment limit.
 */
export function renderAnswer(text: string, target: SuggestionTarget | undefined, footer = ""): string {
  const body = reviseBlocks(defuseMarkers(text), target);
  return fitToLimit(body, footer === "" ? "" : `\n\n${footer}`, COMMENT_LIMIT);
}
