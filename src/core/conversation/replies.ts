import type { RepoConfig } from "../config/repo-config.js";
import { REPO_CONFIG_PATH } from "../config/repo-config.js";
import type { Learning } from "../learnings/learning.js";
import { fenceFor, fitToLimit } from "../publish/markdown.js";
import { guardCode, NO_LINKS, sanitiseMarkdownLine } from "../trust/sanitise-output.js";
import type { GatedAction, MinPermission } from "./access.js";
import { COMMAND_HELP, type Command } from "./commands.js";
import { COMMENT_LIMIT } from "./answer-text.js";

/** Shown in code, so a login or a title is named without mentioning or linking anything. */
function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ");
  const fence = clean.includes("`") ? "``" : "`";
  return `${fence}${clean.startsWith("`") ? " " : ""}${clean}${clean.endsWith("`") ? " " : ""}${fence}`;
}

function usageOf(command: Command): string {
  switch (command.name) {
    case "review":
      return command.full ? "/review full" : "/review";
    case "ask":
      return "/ask";
    case "forget":
      return "/forget";
    case "unknown":
      return `/${command.word}`;
    default:
      return `/${command.name}`;
  }
}

/** Said once per person and pull request, and nothing is done (no model call). */
export function deniedReply(action: GatedAction, minPermission: MinPermission): string {
  const what = action.name === "answer" ? "Answers in review threads" : action.name === "feedback" ? "Teaching me" : code(usageOf(action));
  return (
    `${what} need${action.name === "answer" ? "" : "s"} at least **${minPermission}** permission on this repository, which I could not ` +
    `confirm for you, so I did nothing. Maintainers can change this with ${code("commands.min_permission")} in ${code(REPO_CONFIG_PATH)}.`
  );
}

export function unknownCommandReply(word: string): string {
  return `I don't know the command ${code(`/${word}`)}. Comment ${code("/help")} for the commands I understand.`;
}

export function alreadyReviewedReply(headSha: string): string {
  return (
    `Nothing new to review: ${code(headSha.slice(0, 7))}, the latest commit, was already reviewed. ` +
    `Comment ${code("/review full")} to review the whole pull request again.`
  );
}

export function usageReply(command: "ask" | "forget"): string {
  return command === "ask"
    ? `Put the question after the command, e.g. ${code("/ask Why is the cache not bounded?")}.`
    : `Name the learning to drop, e.g. ${code("/forget a1b2c3d")}; ${code("/learnings")} lists them with their ids.`;
}

export function chatDisabledReply(): string {
  return `Answers are turned off in this repository (${code("chat.enabled: false")} in ${code(REPO_CONFIG_PATH)}).`;
}

export function learningsDisabledReply(): string {
  return `Learning from feedback is turned off in this repository (${code("learnings.enabled: false")} in ${code(REPO_CONFIG_PATH)}).`;
}

export interface HelpInput {
  readonly appSlug: string;
  readonly version: string;
  readonly config: RepoConfig;
  readonly configProblems: readonly string[];
}

/** The commands, who may run them, the effective repository config (which holds no secret) and the app's version. */
export function helpReply(input: HelpInput): string {
  const { config } = input;
  const rows = COMMAND_HELP.map((entry) => `| ${code(entry.usage)} | ${entry.does} |`);
  // The config's text (instructions) is the maintainers', but shown in our comment it must not forge our markers.
  const json = guardCode(JSON.stringify(config, null, 2)).code;
  const fence = fenceFor(json);
  const who =
    config.commands.min_permission === "none"
      ? "Anyone who can comment may run them (`commands.min_permission: none`)."
      : `They need at least **${config.commands.min_permission}** permission on the repository (${code("commands.min_permission")}); ` +
        "the pull request's author may always `/pause` and `/resume` it.";
  const chat = !config.chat.enabled
    ? "Answers in review threads and `/ask` are turned off (`chat.enabled: false`)."
    : config.chat.auto_reply
      ? "Reply in one of my review threads and I answer there; elsewhere, mention me."
      : `I answer in review threads when mentioned (${code(`@${input.appSlug}`)}; \`chat.auto_reply: false\`).`;
  const sections = [
    `### pr-reviewer ${code(input.version)}`,
    `Commands go at the start of a line of a comment, as ${code("/command")} or ${code(`@${input.appSlug} command`)}. ${who}`,
    ["| command | what it does |", "|---|---|", ...rows].join("\n"),
    chat,
    `<details><summary>Effective configuration (${code(REPO_CONFIG_PATH)} on the default branch, with defaults)</summary>\n\n${fence}json\n${json}\n${fence}\n\n</details>`,
    ...(input.configProblems.length > 0
      ? [`> [!WARNING]\n> ${code(REPO_CONFIG_PATH)} is invalid, so the defaults apply:\n${input.configProblems.map((p) => `> - ${sanitiseMarkdownLine(p, NO_LINKS)}`).join("\n")}`]
      : []),
  ];
  return fitToLimit(sections.join("\n\n"), "", COMMENT_LIMIT);
}

const SOURCE_TEXT: Readonly<Record<Learning["source"], string>> = {
  reaction: "reaction",
  resolved: "thread resolved without a code change",
  conceded: "withdrawn in its thread",
};

function learnedFrom(learning: Learning): string {
  const mark = learning.source === "reaction" ? (learning.verdict === "dismissed" ? "👎" : "👍") : SOURCE_TEXT[learning.source];
  return `${mark} by ${code(learning.by)} on #${learning.pullNumber}, ${learning.createdAt.slice(0, 10)}`;
}

function lessonText(learning: Learning): string {
  const title = sanitiseMarkdownLine(learning.title, NO_LINKS).replace(/\|/g, "\\|");
  return learning.verdict === "dismissed" ? `🚫 not reported: ${title}` : `✅ wanted: ${title}`;
}

/** At most this many rows; the newest first. */
const MAX_LISTED = 200;

/** `/learnings`: what reviewers taught the app in this repository, newest first, with the ids `/forget` takes. */
export function learningsReply(learnings: readonly Learning[]): string {
  if (learnings.length === 0) {
    return (
      "Nothing learnt in this repository yet. A 👎 on one of my review comments, resolving my thread without changing the " +
      "code, or showing me in the thread that a finding is wrong teaches me not to report findings like it again."
    );
  }
  const newest = [...learnings].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rows = newest.slice(0, MAX_LISTED).map((l) => `| ${code(l.id)} | ${lessonText(l)} | ${code(l.pathPattern)} | ${learnedFrom(l)} |`);
  const more = newest.length - rows.length;
  return fitToLimit(
    [
      `### What reviewers taught me in this repository (${learnings.length})`,
      ["| id | lesson | files | learnt from |", "|---|---|---|---|", ...rows].join("\n") + (more > 0 ? `\n\n… and ${more} older.` : ""),
      `Findings with the same title (ignoring wording order, case and filler words) on files matching a 🚫 lesson are not reported. Comment ${code("/forget <id>")} to drop a lesson.`,
    ].join("\n\n"),
    "",
    COMMENT_LIMIT,
  );
}

export function forgetReply(id: string, forgotten: Learning | undefined): string {
  if (forgotten === undefined) return `There is no learning ${code(id)} in this repository; ${code("/learnings")} lists them.`;
  return `Forgot ${code(forgotten.id)} (${lessonText(forgotten)}, files ${code(forgotten.pathPattern)}). Findings like it are reported again.`;
}
