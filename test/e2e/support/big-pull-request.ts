import type { FakeGitHub } from "../../helpers/fake-github.js";
import { toolCallCompletion, type ChatRequest, type ModelReply } from "../../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../../helpers/git-patch.js";
import { BASE_SHA, HEAD_SHA, OWNER, REPO } from "./scenario.js";

const PATCH = gitPatch(numberedLines(40), numberedLines(40, (n) => (n % 2 === 0 ? `changed line ${n} of a file that is long enough` : `line ${n}`)));

/** PR #9: 40 files that a 6,000-token budget splits over several model calls. */
export function addBigPullRequest(github: FakeGitHub): void {
  const files = Array.from({ length: 40 }, (_, i) => ({ filename: `pkg/file${String(i).padStart(2, "0")}.ts`, status: "modified" as const, patch: PATCH }));
  github.addPullRequest({ owner: OWNER, repo: REPO, number: 9, title: "Big", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA, files });
}

export function userText(request: ChatRequest): string {
  const message = request.messages.find((m) => m.role === "user");
  return typeof message?.["content"] === "string" ? message["content"] : "";
}

/** "part 2 of 4" → 2; 1 for a single-part review. */
export function partOf(request: ChatRequest): number {
  return Number(/This is part (\d+) of \d+/.exec(userText(request))?.[1] ?? "1");
}

export function firstFile(request: ChatRequest): string {
  return /^File: (\S+)/m.exec(userText(request))?.[1] ?? "";
}

/** One minor finding on line 6 of the part's first file, with fixed token usage so totals can be asserted. */
export function findingFor(request: ChatRequest): ModelReply {
  return toolCallCompletion(
    "submit_review",
    { summary: `Part ${partOf(request)}.`, findings: [{ path: firstFile(request), line: 6, evidence: "Line 6 changed.", confidence: 0.8, severity: "minor", body: `Finding in part ${partOf(request)}.` }] },
    { promptTokens: 1000, completionTokens: 50 },
  );
}
