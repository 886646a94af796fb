import { SEVERITIES } from "../findings/review-tool.js";
import { plural, severityList } from "../publish/check-run-output.js";
import { fenceFor } from "../trust/markdown-blocks.js";
import { guardCode, sanitiseMarkdown, sanitiseMarkdownLine } from "../trust/sanitise-output.js";
import { SEVERITY_BADGE } from "../publish/render-comment.js";
import { inlineCode } from "../publish/render-review-body.js";
import { gapsHeadline, reviewGaps } from "../publish/review-gaps.js";
import { countBySeverity, outputPolicyOf, type ReviewReport } from "../publish/review-report.js";
import type { OutputPolicy } from "../trust/output-policy.js";
import { reportedFiles, reportedFindings, reportSummary, type ReportedFinding } from "./reported-findings.js";

export interface MarkdownOptions {
  /** The first line, e.g. `## pr-reviewer: octo/widgets#7`; a plain heading by default. */
  readonly heading?: string;
}

function oneLine(text: string, policy: OutputPolicy): string {
  return sanitiseMarkdownLine(text, policy);
}

function lines(finding: ReportedFinding): string {
  return finding.startLine === undefined ? `${finding.line}` : `${finding.startLine}-${finding.line}`;
}

function renderFinding(finding: ReportedFinding, policy: OutputPolicy): string {
  const where = `${finding.path}:${lines(finding)}${finding.side === "LEFT" ? " (deleted line)" : ""}`;
  const parts = [`#### ${SEVERITY_BADGE[finding.severity]} ${inlineCode(where)} — ${oneLine(finding.title, policy)}`];
  if (finding.body !== "" && finding.body !== finding.title) parts.push(sanitiseMarkdown(finding.body, policy));
  if (finding.suggestion !== undefined) {
    const { code } = guardCode(finding.suggestion.replace(/\r?\n$/, ""));
    const fence = fenceFor(code);
    parts.push(`Suggested code:\n\n${fence}\n${code}\n${fence}`);
  }
  return parts.join("\n\n");
}

function filesSection(report: ReviewReport, policy: OutputPolicy): string {
  const files = reportedFiles(report);
  const rows = [
    ...files.reviewed.map((path) => `| ${inlineCode(path)} | reviewed |`),
    ...files.skipped.map((s) => `| ${inlineCode(s.path)} | not reviewed: ${oneLine(s.reason, policy).replace(/\|/g, "\\|")} |`),
  ];
  if (rows.length === 0) return "No files to review.";
  return [
    `<details><summary>${plural(files.reviewed.length, "file")} reviewed, ${files.skipped.length} not reviewed</summary>`,
    "",
    "| file | |",
    "|---|---|",
    ...rows,
    "",
    "</details>",
  ].join("\n");
}

/** A review with gaps must not read as an all-clear: what is missing may be exactly the problem. */
function gapsSection(report: ReviewReport): string[] {
  const gaps = reviewGaps(report);
  return gaps.length === 0 ? [] : [`> [!WARNING]\n> ${gapsHeadline(gaps)}: this review is not complete.`];
}

/**
 * The review as Markdown, for a job summary, a pull request comment or a file: the headline counts, the model's
 * walkthrough, every finding with its place and suggestion, the files, and what it cost. The model's text is
 * untrusted and made harmless as in every comment the App writes (no mentions, no forged markers).
 */
export function renderMarkdownReport(report: ReviewReport, options: MarkdownOptions = {}): string {
  const findings = reportedFindings(report);
  const counts = countBySeverity(findings);
  const headline = findings.length === 0 ? "No findings." : `${plural(findings.length, "finding")} (${severityList(counts)}).`;
  const summary = reportSummary(report);
  const policy = outputPolicyOf(report);
  const sections = [
    options.heading ?? "## pr-reviewer review",
    `${headline} ${SEVERITIES.map((s) => `${SEVERITY_BADGE[s]} ${counts.get(s) ?? 0}`).join(" · ")}`,
    ...gapsSection(report),
    ...(summary === "" ? [] : [`### Walkthrough\n\n${sanitiseMarkdown(summary, policy)}`]),
    ...(findings.length === 0 ? [] : [`### Findings\n\n${findings.map((f) => renderFinding(f, policy)).join("\n\n")}`]),
    `### Files\n\n${filesSection(report, policy)}`,
    ...(report.configProblems.length > 0
      ? [`> [!WARNING]\n> The configuration is invalid, so the defaults were used:\n${report.configProblems.map((p) => `> - ${oneLine(p, policy)}`).join("\n")}`]
      : []),
    `Model ${inlineCode(report.modelName)} · ${report.usage.promptTokens.toLocaleString("en-US")} tokens in, ` +
      `${report.usage.completionTokens.toLocaleString("en-US")} out · ${plural(report.modelTime?.calls ?? 0, "model call")}`,
  ];
  return `${sections.join("\n\n")}\n`;
}
