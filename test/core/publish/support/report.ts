import type { InlineComment, PlaceableFinding, UnplacedFinding } from "../../../../src/core/findings/place-findings.js";
import type { Finding } from "../../../../src/core/findings/review-tool.js";
import type { Selection } from "../../../../src/core/findings/select-findings.js";
import type { ReviewReport } from "../../../../src/core/publish/review-report.js";

export const finding: Finding = { path: "a.ts", line: 3, severity: "major", title: "Null access", body: "`x` may be null here." };

let counter = 0;
function nextFingerprint(): string {
  counter += 1;
  return counter.toString(16).padStart(14, "0");
}

export function inline(over: Partial<PlaceableFinding> = {}, extra: Partial<InlineComment> = {}): InlineComment {
  const merged: PlaceableFinding = { ...finding, ...over };
  return { path: merged.path, line: merged.line, side: "RIGHT", finding: merged, fingerprint: nextFingerprint(), committableSuggestion: true, ...extra };
}

export function unplaced(over: Partial<PlaceableFinding> = {}, reason = "line 40 of `a.ts` is outside the diff"): UnplacedFinding {
  const merged: PlaceableFinding = { ...finding, ...over };
  return { path: merged.path, line: merged.line, side: "RIGHT", finding: merged, fingerprint: nextFingerprint(), reason };
}

export function selection(over: Partial<Selection> = {}): Selection {
  return { comments: [], inBody: [], summaryOnly: [], lowConfidence: [], alreadyReported: [], ...over };
}

export function report(over: Partial<ReviewReport> = {}): ReviewReport {
  return {
    headSha: "0123456789abcdef",
    modelName: "qwen/qwen3-coder-480b-a35b-instruct",
    scope: { kind: "full", reason: "first review of this pull request" },
    summaries: ["Adds a cache."],
    selection: selection(),
    dropped: [],
    filesReviewed: ["a.ts"],
    skipped: [],
    failedParts: [],
    invalidFindings: [],
    incompleteParts: [],
    configProblems: [],
    usage: { promptTokens: 100, completionTokens: 20 },
    durationMs: 1234,
    stillOpen: [],
    closed: [],
    failOn: "never",
    githubHost: "github.com",
    ...over,
  };
}
