import { fenceFor, splitBlocks } from "./markdown-blocks.js";
import { allowedUrl, type OutputPolicy } from "./output-policy.js";
import { escapeLineStartCommands, neutraliseBareUrls, neutraliseMentions, neutraliseReferences, normaliseCharacters, rewriteLinks } from "./prose-rules.js";
import { emit, tokenise, ZERO_WIDTH_SPACE } from "./prose-tokens.js";

export type { OutputPolicy } from "./output-policy.js";
export { NO_LINKS } from "./output-policy.js";

/**
 * The model's text (and a pull request's) can be far longer than anything GitHub accepts; what is cut here is
 * cut again by the renderers' limits, so this only bounds the work.
 */
const MAX_INPUT_CHARS = 70_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Zero-width spaces, word joiners, bidi controls and tag characters; ZWJ and ZWNJ stay (emoji, scripts). */
const INVISIBLE = /[\u200b\u2060\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u{e0000}-\u{e007f}]/gu;

/** Our hidden markers, `<!-- pr-reviewer:… -->`: text we post must never carry a forged one, even in code. */
const FORGED_MARKER = /(<!--\s*pr-reviewer)(:)/gi;
/** A line of code that Prow and similar bots would run: `/word` at the very start, then a space or the end. */
const COMMAND_LINE = /^\/[A-Za-z][\w-]*(?:[ \t]|$)/;

/**
 * Line ends as `\n`, no control characters, and no invisible ones (zero-width spaces, bidi controls, tag
 * characters): they could hide a mention, a command or a fence from the rules, or mislead a reader.
 */
function normalise(text: string): string {
  return text.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(INVISIBLE, "");
}

function defuseMarkers(text: string): string {
  return text.replace(FORGED_MARKER, `$1${ZERO_WIDTH_SPACE}$2`);
}

export interface GuardedCode {
  readonly code: string;
  /** Whether a line had to change: such code is no longer exactly what was proposed (no committable suggestion). */
  readonly altered: boolean;
}

/**
 * Code we post inside a fence. GitHub renders nothing in it (no mention, link or image), but bots that act on
 * comments match `^/command` in the raw body whatever the fences (Prow's plugins do), so a line that is exactly
 * such a command gets a zero-width space before it; a forged marker of ours is broken the same way.
 */
export function guardCode(code: string): GuardedCode {
  const lines = code.split("\n").map((line) => defuseMarkers(COMMAND_LINE.test(line) ? `${ZERO_WIDTH_SPACE}${line}` : line));
  const guarded = lines.join("\n");
  return { code: guarded, altered: guarded !== code };
}

function sanitiseProse(text: string, policy: OutputPolicy): string {
  const tokens = normaliseCharacters(tokenise(text));
  const cleaned = escapeLineStartCommands(neutraliseReferences(neutraliseMentions(neutraliseBareUrls(rewriteLinks(tokens, policy), policy))));
  return emit(cleaned, defuseMarkers);
}

/** The info string of a fence, reduced to a language name; `suggestion` is ours to write, never the model's. */
function safeInfo(info: string): string {
  const language = info.split(/\s/, 1)[0] ?? "";
  return /^[\w+#.-]{1,40}$/.test(language) && language.toLowerCase() !== "suggestion" ? language : "";
}

/**
 * The one sanitiser for markdown that the model or a pull request's author wrote, before it is posted under
 * this app's name (inline comments, review body, summary comment, check-run summary, thread answers):
 * - no mention pings anyone (`@user`, `@org/team`, their entity-encoded and fullwidth forms);
 * - no image is shown and no raw HTML survives (our own `<details>` and markers are added after this);
 * - links and autolinks point only to the GitHub host of `policy`; any other address (and every `javascript:`
 *   or `data:` URL) becomes inert code text, reference-style links included;
 * - no line starts with a slash command or a mention, and no `fixes #N` or issue reference links other issues;
 * - fenced code keeps its text (see `guardCode`) and is written back in a fence of our own.
 * Sanitising twice gives the same text as sanitising once.
 */
export function sanitiseMarkdown(text: string, policy: OutputPolicy): string {
  return splitBlocks(normalise(text))
    .map((block) => {
      if (block.kind === "prose") return sanitiseProse(block.text, policy);
      const { code } = guardCode(block.code);
      const fence = fenceFor(code);
      return `${fence}${safeInfo(block.info)}\n${code === "" ? "" : `${code}\n`}${fence}`;
    })
    .join("\n");
}

/** Untrusted text shown as inline code (a file path): one line, no backtick to end the span early, no forged marker. */
export function codeText(text: string): string {
  return `\`${defuseMarkers(normalise(text).replace(/`/g, "'").replace(/\n+/g, " "))}\``;
}

/** For one-line places (a title after a badge, a table cell): the same rules, with line breaks as spaces. */
export function sanitiseMarkdownLine(text: string, policy: OutputPolicy): string {
  return sanitiseProse(normalise(text).replace(/\s*\n\s*/g, " ").trim(), policy);
}

const PLAIN_MENTION = /(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/gmu;
const PLAIN_REFERENCE = /#(?=\d)|\bGH-(?=\d)/giu;
const PLAIN_KEYWORD = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=:?[ \t\n]+(?:#|[\w.-]+\/[\w.-]+#|gh-|https?:\/\/))/giu;
const PLAIN_COMMAND = /^([ \t>*+-]*)\/(?=[A-Za-z])/gmu;
const PLAIN_URL = /(?:https?|ftps?):\/\/[^\s<>]*|(?<![A-Za-z0-9])www\.[^\s<>]*/giu;

/**
 * For text GitHub shows as plain text (check-run annotations and titles): nothing renders there, but the same
 * words must not ping, link or command if anything ever copies them into markdown; an address off the GitHub host
 * is defanged (`https[:]//evil[.]example`).
 */
export function sanitisePlainText(text: string, policy: OutputPolicy): string {
  return defuseMarkers(
    normalise(text)
      .replace(/[\uff20\ufe6b]/g, "@")
      .replace(PLAIN_URL, (url) => {
        const absolute = /^www\./i.test(url) ? `http://${url}` : url;
        return allowedUrl(absolute, policy) !== undefined ? url : url.replace(/:\/\//g, "[:]//").replace(/\./g, "[.]");
      })
      .replace(PLAIN_MENTION, `$1@${ZERO_WIDTH_SPACE}`)
      .replace(PLAIN_KEYWORD, (keyword) => `${keyword}${ZERO_WIDTH_SPACE}`)
      .replace(PLAIN_REFERENCE, (reference) => `${reference}${ZERO_WIDTH_SPACE}`)
      .replace(PLAIN_COMMAND, `$1${ZERO_WIDTH_SPACE}/`),
  );
}
