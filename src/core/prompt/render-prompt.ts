import { cleanPullRequestText } from "../trust/pull-request-text.js";
import { UNTRUSTED_TAG } from "./system-prompt.js";
import { sanitiseInline } from "./render-diff.js";

export interface PullRequestInfo {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly headSha: string;
  readonly baseSha: string;
}

export interface PromptMessages {
  readonly system: string;
  readonly user: string;
}

const MAX_DESCRIPTION_CHARS = 4000;

/**
 * Text from the pull request may try to close the fence early (or open a new one); any tag of the fence's name
 * inside it is defused, also when spaces, invisible characters or lookalike brackets pad it.
 */
const FENCE_TAG = new RegExp(`[<＜﹤][\\s\\u200b-\\u200f\\u2060\\ufeff]*[/／]?[\\s\\u200b-\\u200f\\u2060\\ufeff]*${UNTRUSTED_TAG}`, "giu");

export function fenceUntrusted(text: string): string {
  const defused = text.replace(FENCE_TAG, (tag) => `‹${tag.slice(1)}`);
  return `<${UNTRUSTED_TAG}>\n${defused}\n</${UNTRUSTED_TAG}>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[… description truncated …]`;
}

export interface UserMessageInput {
  readonly pullRequest: PullRequestInfo;
  /** Guidance from the repository's config on its default branch: trusted, unlike the PR's own text. */
  readonly instructions: string;
  readonly fileSections: readonly string[];
  /** Set when the pull request is reviewed in several parts, so the model knows it sees only some files. */
  readonly part?: { readonly index: number; readonly count: number };
  /** Uses elsewhere of the symbols these files change (renderImpactSections), shown after the diff. */
  readonly impact?: string;
}

export function renderUserMessage(input: UserMessageInput): string {
  const { pullRequest, instructions, fileSections, part } = input;
  const sections: string[] = [];
  if (instructions.trim() !== "") {
    sections.push(`Review instructions from the repository's maintainers:\n${instructions.trim()}`);
  }
  const partNote =
    part && part.count > 1
      ? `\nThis is part ${part.index + 1} of ${part.count} of the diff; review only the files shown here.`
      : "";
  sections.push(`Pull request ${sanitiseInline(`${pullRequest.owner}/${pullRequest.repo}`)}#${pullRequest.number}.${partNote}`);
  sections.push(
    `Title and description (untrusted):\n${fenceUntrusted(
      `Title: ${sanitiseInline(cleanPullRequestText(pullRequest.title))}\n\n${truncate(cleanPullRequestText(pullRequest.body), MAX_DESCRIPTION_CHARS)}`,
    )}`,
  );
  sections.push(`The diff (untrusted):\n${fenceUntrusted(fileSections.join("\n\n"))}`);
  if (input.impact !== undefined && input.impact !== "") sections.push(input.impact);
  return sections.join("\n\n");
}
