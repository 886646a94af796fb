import type { RepositoryRole } from "../../../../src/core/conversation/access.js";
import type { Actor } from "../../../../src/core/conversation/actors.js";
import type { CommentEvent, ConversationHost, PullRequestNow, ReactionInfo, ReviewCommentInfo } from "../../../../src/core/conversation/host.js";
import type { ChangedFile } from "../../../../src/core/diff/types.js";
import type { Learning } from "../../../../src/core/learnings/learning.js";
import type { LearningStore } from "../../../../src/core/learnings/learning-store.js";
import type { ChatAnswer, ChatModel, ExistingComment, ThreadResolution } from "../../../../src/core/ports.js";
import type { PromptMessages } from "../../../../src/core/prompt/render-prompt.js";

export const US: Actor = { login: "pr-reviewer[bot]", id: 1, type: "Bot" };
export const ALICE: Actor = { login: "alice", id: 2, type: "User" };
export const IDENTITY = { appId: 1, slug: "pr-reviewer" };

/** A pull request kept in memory, recording what the app did to it. */
export class MemoryHost implements ConversationHost {
  pull: PullRequestNow = { number: 7, title: "Cache lookups", body: "Adds a cache.", headSha: "a".repeat(40), baseSha: "b".repeat(40), draft: false, open: true, author: "octocat" };
  roles = new Map<string, RepositoryRole | undefined>([["alice", "write"]]);
  reviewComments: ReviewCommentInfo[] = [];
  recent: ReviewCommentInfo[] = [];
  reactionsOf = new Map<number, ReactionInfo[]>();
  summary: ExistingComment | undefined;
  files = new Map<string, string>();
  changed: ChangedFile[] = [];
  resolution: ThreadResolution = "resolved";
  readonly posted: string[] = [];
  readonly replies: Array<{ rootId: number; body: string }> = [];
  readonly reactions: Array<{ kind: string; id: number; content: string }> = [];
  readonly resolved: number[] = [];
  readonly roleLookups: string[] = [];
  readonly reactionLookups: number[] = [];

  async pullRequest() {
    return this.pull;
  }
  async repositoryRole(login: string) {
    this.roleLookups.push(login);
    return this.roles.get(login);
  }
  async addReaction(comment: Pick<CommentEvent, "kind" | "id">, content: string) {
    this.reactions.push({ kind: comment.kind, id: comment.id, content });
  }
  async postComment(body: string) {
    this.posted.push(body);
  }
  async replyInThread(rootId: number, body: string) {
    this.replies.push({ rootId, body });
  }
  async listReviewComments() {
    return [...this.reviewComments];
  }
  /** False: the repository has more review comments than `recent` (the pull request's are listed too). */
  recentIsComplete = false;
  async recentReviewCommentsOfRepository() {
    return { comments: [...this.recent], complete: this.recentIsComplete };
  }
  async listReactions(id: number) {
    this.reactionLookups.push(id);
    return this.reactionsOf.get(id) ?? [];
  }
  async findSummaryComment() {
    return this.summary;
  }
  async writeSummaryComment(existing: ExistingComment | undefined, body: string) {
    this.summary = { id: existing?.id ?? 500, body };
  }
  async resolveThread(rootId: number) {
    this.resolved.push(rootId);
    return this.resolution;
  }
  async readFile(path: string) {
    return this.files.get(path);
  }
  async listFiles() {
    return this.changed;
  }
}

export class MemoryStore implements LearningStore {
  readonly learnings = new Map<string, Learning[]>();
  readonly once = new Set<string>();
  async list(repository: string) {
    return [...(this.learnings.get(repository) ?? [])];
  }
  async save(repository: string, learning: Learning) {
    this.learnings.set(repository, [...(this.learnings.get(repository) ?? []).filter((l) => l.id !== learning.id), learning]);
  }
  async forget(repository: string, id: string) {
    const found = this.learnings.get(repository)?.find((l) => l.id === id);
    if (found !== undefined) this.learnings.set(repository, (this.learnings.get(repository) ?? []).filter((l) => l !== found));
    return found;
  }
  async firstTime(key: string) {
    if (this.once.has(key)) return false;
    this.once.add(key);
    return true;
  }
  async close() {}
}

export class ScriptedModel implements ChatModel {
  readonly name = "test-model";
  readonly prompts: PromptMessages[] = [];
  constructor(private readonly reply: (prompt: PromptMessages) => string | Error = () => "An answer.\nverdict: stands") {}
  async answer(messages: PromptMessages): Promise<ChatAnswer> {
    this.prompts.push(messages);
    const reply = this.reply(messages);
    if (reply instanceof Error) throw reply;
    return { text: reply, usage: { promptTokens: 100, completionTokens: 10 }, durationMs: 5 };
  }
}

export function reviewComment(id: number, author: Actor, body: string, over: Partial<ReviewCommentInfo> = {}): ReviewCommentInfo {
  return { id, author, body, pullNumber: 7, path: "src/cache.ts", side: "RIGHT", line: 21, startLine: 20, diffHunk: "@@ -18,3 +18,5 @@", reactions: { up: 0, down: 0 }, ...over };
}
