import type { ReviewReport } from "../publish/review-report.js";
import { reportedFiles, reportedFindings, reportSummary } from "./reported-findings.js";

/** One finding of `--format json`; snake_case as GitHub's review comment fields (`start_line`, `side`). */
export interface JsonFinding {
  readonly path: string;
  readonly line: number;
  readonly start_line?: number;
  readonly side: "LEFT" | "RIGHT";
  readonly severity: string;
  readonly title: string;
  readonly body: string;
  readonly suggestion?: string;
}

export interface JsonReport {
  readonly findings: readonly JsonFinding[];
  readonly summary: string;
  readonly files: {
    readonly reviewed: readonly string[];
    readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  };
  readonly usage: {
    readonly prompt_tokens: number;
    readonly completion_tokens: number;
    readonly total_tokens: number;
    readonly model_calls: number;
  };
}

/** The review as one JSON object: a contract for scripts, so its fields change only by adding. */
export function jsonReport(report: ReviewReport): JsonReport {
  return {
    findings: reportedFindings(report).map((f) => ({
      path: f.path,
      line: f.line,
      ...(f.startLine === undefined ? {} : { start_line: f.startLine }),
      side: f.side,
      severity: f.severity,
      title: f.title,
      body: f.body,
      ...(f.suggestion === undefined ? {} : { suggestion: f.suggestion }),
    })),
    summary: reportSummary(report),
    files: reportedFiles(report),
    usage: {
      prompt_tokens: report.usage.promptTokens,
      completion_tokens: report.usage.completionTokens,
      total_tokens: report.usage.promptTokens + report.usage.completionTokens,
      model_calls: report.modelTime?.calls ?? 0,
    },
  };
}

export function renderJsonReport(report: ReviewReport): string {
  return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
}
