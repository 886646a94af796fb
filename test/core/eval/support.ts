import type { ExpectedIssue } from "../../../src/core/eval/case-file.js";
import type { CaseReview, EvalCase, EvalFinding } from "../../../src/core/eval/types.js";

export function finding(path: string, line: number, extra: Partial<EvalFinding> = {}): EvalFinding {
  return { path, line, severity: "major", title: `finding at ${path}:${line}`, body: "what is wrong", ...extra };
}

export function issue(path: string, line: number, extra: Partial<ExpectedIssue> = {}): ExpectedIssue {
  return { path, line, description: `bug at ${path}:${line}`, ...extra };
}

/** A case as the loader gives it, without files: the runner and scorer never look at them. */
export function evalCase(id: string, expected: readonly ExpectedIssue[]): EvalCase {
  return { id, dir: `/dataset/${id}`, expected, files: [], diff: "", before: new Map(), after: new Map() };
}

export function review(findings: readonly EvalFinding[], extra: Partial<CaseReview> = {}): CaseReview {
  return { findings, usage: { promptTokens: 1000, completionTokens: 100 }, modelCalls: 1, durationMs: 2000, ...extra };
}
