import type { Nodes, Paragraph, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import type { Command } from "./commands.js";

export interface ParsedComment {
  /** The first command of the comment, when one of its lines starts with one. */
  readonly command?: Command;
  /** The comment mentions the app (`@slug` or `@slug[bot]`) outside code and quotes. */
  readonly mentioned: boolean;
}

const KNOWN = new Set(["review", "pause", "resume", "ask", "resolve", "help", "learnings", "forget"]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Offsets of a node in the source, when the parser gave them (it always does for parsed text). */
function span(node: Nodes): { start: number; end: number } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** Code spans and inline HTML (comments included) inside a paragraph: never part of a command. */
function hiddenSpans(node: Nodes, found: Array<{ start: number; end: number }>): void {
  if (node.type === "inlineCode" || node.type === "html") {
    const where = span(node);
    if (where !== undefined) found.push(where);
    return;
  }
  if ("children" in node) for (const child of node.children) hiddenSpans(child, found);
}

/** The lines of a paragraph as written, with code spans and inline HTML blanked out (line breaks kept). */
function visibleLines(source: string, paragraph: Paragraph): string[] {
  const where = span(paragraph);
  if (where === undefined) return [];
  const chars = source.slice(where.start, where.end).split("");
  const hidden: Array<{ start: number; end: number }> = [];
  hiddenSpans(paragraph, hidden);
  for (const part of hidden) {
    for (let i = part.start; i < part.end; i += 1) {
      const index = i - where.start;
      if (chars[index] !== "\n") chars[index] = " ";
    }
  }
  return chars.join("").split(/\r?\n/);
}

/** Text a person wrote outside code blocks, code spans, HTML and `>` quotes. */
function plainText(node: Nodes, out: string[]): void {
  if (node.type === "blockquote" || node.type === "code" || node.type === "inlineCode" || node.type === "html") return;
  if (node.type === "text") out.push(node.value);
  if ("children" in node) for (const child of node.children) plainText(child, out);
}

function commandOf(word: string, rest: string, following: string): Command {
  const lower = word.toLowerCase();
  const args = rest.trim();
  switch (lower) {
    case "review":
      return { name: "review", full: /^full\b/i.test(args) };
    case "ask":
      return { name: "ask", question: [args, following].filter((part) => part !== "").join("\n").trim() };
    case "forget":
      return { name: "forget", id: args.split(/\s+/, 1)[0] ?? "" };
    case "pause":
      return { name: "pause" };
    case "resume":
      return { name: "resume" };
    case "resolve":
      return { name: "resolve" };
    case "help":
      return { name: "help" };
    case "learnings":
      return { name: "learnings" };
    default:
      return { name: "unknown", word: lower };
  }
}

/**
 * A command is a line that starts with `/command` or with the app's mention (`@slug command`), outside fenced
 * and indented code, code spans, HTML and `>` quotes, in a top-level paragraph (so not in a list item or a
 * heading either); case does not matter. Only the first command of a comment counts. After a mention, a word
 * that is no command starts a question (`@slug why is this slow?` is `/ask`); `@slug full review` is `/review
 * full`. A `/word` must be followed by a space or the end of the line, so a path like `/usr/bin` is not one.
 */
export function parseComment(body: string, appSlug: string): ParsedComment {
  const tree: Root = fromMarkdown(body);
  const text: string[] = [];
  plainText(tree, text);
  const mention = new RegExp(`(^|[^\\w@/.-])@${escapeRegExp(appSlug)}(\\[bot\\])?(?![\\w-])`, "i");
  const mentioned = mention.test(text.join("\n"));
  const slash = /^\/([a-z][a-z_-]*)(?=\s|$)(.*)$/i;
  const atStart = new RegExp(`^@${escapeRegExp(appSlug)}(?:\\[bot\\])?(?![\\w-])[,:]?(.*)$`, "i");

  for (const block of tree.children) {
    if (block.type !== "paragraph") continue;
    const lines = visibleLines(body, block);
    const blockEnd = span(block)?.end ?? body.length;
    for (const [index, raw] of lines.entries()) {
      const line = raw.trim();
      const following = (lines.slice(index + 1).join("\n") + body.slice(blockEnd)).trim();
      const bySlash = slash.exec(line);
      if (bySlash !== null) return { command: commandOf(bySlash[1] ?? "", bySlash[2] ?? "", following), mentioned };
      const byMention = atStart.exec(line);
      if (byMention === null) continue;
      const rest = (byMention[1] ?? "").trim();
      const [first = "", ...others] = rest.split(/\s+/);
      const word = first.replace(/^\//, "").toLowerCase();
      if (word === "full" && (others[0] ?? "").toLowerCase() === "review") return { command: { name: "review", full: true }, mentioned: true };
      if (KNOWN.has(word)) return { command: commandOf(word, others.join(" "), following), mentioned: true };
      const question = [rest, following].filter((part) => part !== "").join("\n").trim();
      return { command: { name: "ask", question }, mentioned: true };
    }
  }
  return { mentioned };
}
