import { decodeHTML } from "entities";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

/** Markdown rendered the way GitHub reads it (CommonMark + GFM autolinks, tables…), raw HTML passed through. */
export function renderLikeGitHub(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

export interface HostileOptions {
  /** The GitHub host links may point to. */
  readonly host: string;
  /** Tags our own renderer writes (e.g. `sub`, `details`); any other raw HTML is hostile. */
  readonly ownTags?: readonly string[];
  /** Our app's login without `[bot]`: a line must not start with a mention of it. */
  readonly appSlug?: string;
  /** The pull request the text is posted on: our own text may name it (`#7`), which links nothing new. */
  readonly pullNumber?: number;
}

function isReferenceToOthers(reference: string, options: HostileOptions): boolean {
  return options.pullNumber === undefined || reference !== `#${options.pullNumber}`;
}

/** Tags markdown itself produces. */
const MARKDOWN_TAGS = new Set([
  "p", "a", "code", "pre", "em", "strong", "del", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
  "table", "thead", "tbody", "tr", "th", "td", "input", "section", "sup",
]);

/** Text GitHub scans for mentions and references: outside code, with tags removed and entities decoded. */
function visibleText(html: string): string {
  return decodeHTML(html.replace(/<pre[\s\S]*?<\/pre>/g, " ").replace(/<code>[\s\S]*?<\/code>/g, " ").replace(/<[^>]*>/g, " "));
}

/**
 * What in a body we are about to post (or posted) could ping, track or command: each problem in words, none
 * for a safe body. Rendering is by micromark with GFM, a faithful stand-in for GitHub's cmark-gfm.
 */
export function hostileForms(markdown: string, options: HostileOptions): string[] {
  const problems: string[] = [];
  const html = renderLikeGitHub(markdown);
  const host = options.host.toLowerCase();
  if (/<img\b/i.test(html)) problems.push("an image");
  for (const match of html.matchAll(/<a\s+href="([^"]*)"/g)) {
    const href = decodeHTML(match[1] ?? "");
    let allowed = href.startsWith("#") || href.startsWith("mailto:");
    try {
      const url = new URL(href);
      allowed ||= (url.protocol === "https:" || url.protocol === "http:") && url.host === host && url.username === "";
    } catch {
      // a relative or broken address is not allowed
    }
    if (!allowed) problems.push(`a link to ${href}`);
  }
  const ownTags = new Set(options.ownTags ?? []);
  for (const match of html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)) {
    const tag = (match[1] ?? "").toLowerCase();
    if (!MARKDOWN_TAGS.has(tag) && !ownTags.has(tag)) problems.push(`raw HTML <${tag}>`);
  }
  for (const match of html.matchAll(/<!--([\s\S]*?)-->/g)) {
    if (!/^ pr-reviewer:[a-z]+(=[^\n]*)? $/.test(match[1] ?? "")) problems.push(`an HTML comment <!--${match[1] ?? ""}-->`);
  }
  const text = visibleText(html);
  for (const match of text.matchAll(/(?:^|[^A-Za-z0-9_])([@＠﹫][A-Za-z0-9][\w-]*(?:\/[\w-]+)?)/g)) problems.push(`a mention ${match[1] ?? ""}`);
  for (const match of text.matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:#\d+|[\w.-]+\/[\w.-]+#\d+|gh-\d+|https?:\/\/\S+)/gi)) problems.push(`a closing keyword "${match[0]}"`);
  for (const match of text.matchAll(/(?:^|[^\w&])((?:[\w.-]+\/[\w.-]+)?#\d+|GH-\d+)\b/g)) {
    if (isReferenceToOthers(match[1] ?? "", options)) problems.push(`an issue reference ${match[1] ?? ""}`);
  }
  let fence: string | undefined;
  markdown.split("\n").forEach((line, index) => {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark !== undefined && fence === undefined) fence = fenceMark;
    else if (fence !== undefined && line.trim().startsWith(fence) && line.trim().replaceAll(fence[0] ?? "", "") === "") fence = undefined;
    // Prow matches `^/command` in the raw body, fences or not; outside code, a quote or list marker before it counts too.
    if (/^\/[A-Za-z][\w-]*(?:\s|$)/.test(line)) problems.push(`line ${index + 1} is a command: ${line}`);
    else if (fence === undefined && /^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?\/[A-Za-z]/.test(line)) problems.push(`line ${index + 1} starts with a command: ${line}`);
    if (options.appSlug !== undefined && new RegExp(`^[\\s>*+-]*@${options.appSlug}\\b`, "i").test(line)) problems.push(`line ${index + 1} mentions the app: ${line}`);
  });
  if (markdown.length > 65_536) problems.push(`${markdown.length} characters, over GitHub's 65,536`);
  return problems;
}

/** The same questions for text GitHub shows as plain text (check-run annotations and titles). */
export function hostilePlainText(text: string, options: HostileOptions): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/(?:^|[^A-Za-z0-9])([@＠﹫][A-Za-z0-9][\w-]*)/g)) problems.push(`a mention ${match[1] ?? ""}`);
  for (const match of text.matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:#\d+|[\w.-]+\/[\w.-]+#\d+|gh-\d+|https?:\/\/\S+)/gi)) problems.push(`a closing keyword "${match[0]}"`);
  for (const match of text.matchAll(/(?:^|[^\w&])((?:[\w.-]+\/[\w.-]+)?#\d+|GH-\d+)\b/g)) {
    if (isReferenceToOthers(match[1] ?? "", options)) problems.push(`an issue reference ${match[1] ?? ""}`);
  }
  for (const match of text.matchAll(/\bhttps?:\/\/([^\s/?#]+)|(?<![A-Za-z0-9])www\.[^\s]+/gi)) {
    if ((match[1] ?? "").toLowerCase() !== options.host.toLowerCase()) problems.push(`an address ${match[0]}`);
  }
  text.split("\n").forEach((line, index) => {
    if (/^[ \t>*+-]*\/[A-Za-z]/.test(line)) problems.push(`line ${index + 1} starts with a command: ${line}`);
  });
  if (/<!--\s*pr-reviewer:/.test(text)) problems.push("a marker of ours");
  return problems;
}
