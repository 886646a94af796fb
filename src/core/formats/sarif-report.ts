import { SEVERITIES, type Severity } from "../findings/review-tool.js";
import type { ReviewReport } from "../publish/review-report.js";
import { reportedFindings, type ReportedFinding } from "./reported-findings.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifTool {
  readonly name: string;
  /** Semantic version of the tool, e.g. `0.1.0`. */
  readonly version: string;
  readonly informationUri?: string;
}

type SarifLevel = "error" | "warning" | "note";

interface SeverityRule {
  readonly level: SarifLevel;
  /** GitHub code scanning's own scale, shown on the alert. */
  readonly problemSeverity: "error" | "warning" | "recommendation";
  readonly name: string;
  readonly description: string;
}

/** One rule per severity: rule ids stay stable across runs, which code scanning needs to track alerts. */
const RULES: Readonly<Record<Severity, SeverityRule>> = {
  critical: {
    level: "error",
    problemSeverity: "error",
    name: "CriticalFinding",
    description: "An exploitable security hole, data loss, or a crash on a common path.",
  },
  major: { level: "error", problemSeverity: "error", name: "MajorFinding", description: "A real bug or a broken contract." },
  minor: { level: "warning", problemSeverity: "warning", name: "MinorFinding", description: "An edge case or a risk worth fixing." },
  nit: { level: "note", problemSeverity: "recommendation", name: "Nit", description: "A small cleanup." },
};

export function sarifRuleId(severity: Severity): string {
  return `pr-reviewer/${severity}`;
}

/** A path of the repository as a relative URI reference: each segment percent-encoded, `/` kept. */
function pathUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function messageText(finding: ReportedFinding): string {
  const where = finding.side === "LEFT" ? `On line ${finding.line} of the previous version (a deleted line): ` : "";
  const parts = [`${where}${finding.title}`];
  if (finding.body !== "" && finding.body !== finding.title) parts.push(finding.body);
  if (finding.suggestion !== undefined) parts.push(`Suggested code:\n${finding.suggestion.replace(/\r?\n$/, "")}`);
  return parts.join("\n\n");
}

function region(finding: ReportedFinding): { startLine: number; endLine: number } {
  // A deleted line is not in the file code scanning shows; the file's first line carries the finding instead.
  if (finding.side === "LEFT") return { startLine: 1, endLine: 1 };
  return { startLine: finding.startLine ?? finding.line, endLine: finding.line };
}

/**
 * The review as a SARIF 2.1.0 log that GitHub code scanning accepts: one run, the tool driver with one rule per
 * severity, and one result per finding with its location relative to the repository root and a fingerprint that
 * stays the same across runs (so an alert is tracked, not duplicated).
 */
export function sarifReport(report: ReviewReport, tool: SarifTool): Record<string, unknown> {
  const findings = reportedFindings(report);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            semanticVersion: tool.version,
            version: tool.version,
            ...(tool.informationUri === undefined ? {} : { informationUri: tool.informationUri }),
            rules: SEVERITIES.map((severity) => ({
              id: sarifRuleId(severity),
              name: RULES[severity].name,
              shortDescription: { text: `${severity} finding of the code review` },
              fullDescription: { text: RULES[severity].description },
              help: { text: `A ${severity} finding of pr-reviewer's code review. ${RULES[severity].description} Read the finding's message for what is wrong and how to fix it.` },
              defaultConfiguration: { level: RULES[severity].level },
              properties: { tags: ["code-review", severity], precision: "medium", "problem.severity": RULES[severity].problemSeverity },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: sarifRuleId(finding.severity),
          ruleIndex: SEVERITIES.indexOf(finding.severity),
          level: RULES[finding.severity].level,
          message: { text: messageText(finding) },
          locations: [{ physicalLocation: { artifactLocation: { uri: pathUri(finding.path), uriBaseId: "%SRCROOT%" }, region: region(finding) } }],
          partialFingerprints: { primaryLocationLineHash: finding.fingerprint, "prReviewerFingerprint/v1": finding.fingerprint },
        })),
        columnKind: "utf16CodeUnits",
        properties: { model: report.modelName },
      },
    ],
  };
}

export function renderSarifReport(report: ReviewReport, tool: SarifTool): string {
  return `${JSON.stringify(sarifReport(report, tool), null, 2)}\n`;
}
