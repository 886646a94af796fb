/**
 * The commands people give the bot in pull request comments, as plain data. Recognised by
 * `parse-comment.ts`; what each one may cost decides who may run it (`access.ts`).
 */
export type Command =
  | { readonly name: "review"; readonly full: boolean }
  | { readonly name: "pause" }
  | { readonly name: "resume" }
  | { readonly name: "ask"; readonly question: string }
  | { readonly name: "resolve" }
  | { readonly name: "help" }
  | { readonly name: "learnings" }
  | { readonly name: "forget"; readonly id: string }
  /** A `/word` that names none of the above. */
  | { readonly name: "unknown"; readonly word: string };

export type CommandName = Command["name"];

export interface CommandHelp {
  readonly usage: string;
  readonly does: string;
}

/** The commands in the order /help lists them; the usage is what a person types. */
export const COMMAND_HELP: readonly CommandHelp[] = [
  { usage: "/review", does: "Review what is new since the last review (like a push). Works while paused, on drafts, and where `automatic_reviews` leaves pushes to a maintainer." },
  { usage: "/review full", does: "Review the whole pull request again from scratch; findings already on it are not posted twice." },
  { usage: "/pause", does: "Stop automatic reviews of this pull request (pushes are not reviewed)." },
  { usage: "/resume", does: "Review pushes to this pull request automatically again." },
  { usage: "/ask <question>", does: "Answer a question about this pull request, with its diff and description as context." },
  { usage: "/resolve", does: "Resolve every open review thread of this app on the pull request (in one of its threads: that thread)." },
  { usage: "/learnings", does: "List what reviewers taught this app in this repository (findings it no longer reports)." },
  { usage: "/forget <id>", does: "Drop one learning, by the id /learnings shows." },
  { usage: "/help", does: "Show this help, the repository's effective configuration and the app's version." },
];

/** Commands that spend model tokens; the rest cost a GitHub request or two. */
export function spendsTokens(command: Command): boolean {
  return command.name === "review" || command.name === "ask";
}
