import type { Severity } from "../findings/review-tool.js";
import { plural, severityList } from "../publish/check-run-output.js";
import { gapsHeadline, reviewGaps } from "../publish/review-gaps.js";
import { countBySeverity, type ReviewReport } from "../publish/review-report.js";
import { reportedFiles, reportedFindings, reportSummary, type ReportedFinding } from "./reported-findings.js";

export interface PrettyOptions {
  /** ANSI colours: on for a terminal, off for a pipe, a file, or NO_COLOR. */
  readonly colour: boolean;
}

type Style = "bold" | "dim" | "red" | "yellow" | "cyan" | "green" | "underline";

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

const SEVERITY_STYLE: Readonly<Record<Severity, readonly Style[]>> = {
  critical: ["bold", "red"],
  major: ["red"],
  minor: ["yellow"],
  nit: ["dim"],
};

/**
 * The model's text and the diff's file names are untrusted: escape sequences in them could rewrite the terminal
 * (move the cursor, hide lines, set the title), so every control character but tab and newline is dropped.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

function painter(colour: boolean): (text: string, ...styles: readonly Style[]) => string {
  return (text, ...styles) => {
    if (!colour || styles.length === 0) return text;
    const open = styles.map((s) => `\u001b[${CODES[s][0]}m`).join("");
    const close = [...styles].reverse().map((s) => `\u001b[${CODES[s][1]}m`).join("");
    return `${open}${text}${close}`;
  };
}

function indent(text: string, by: string): string {
  return text.split("\n").map((line) => (line === "" ? "" : `${by}${line}`)).join("\n");
}

function groupByFile(findings: readonly ReportedFinding[]): Map<string, ReportedFinding[]> {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const finding of findings) byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);
  return byFile;
}

/** The review for a person at a terminal: findings grouped by file like a linter's, then the walkthrough and totals. */
export function renderPrettyReport(report: ReviewReport, options: PrettyOptions): string {
  const paint = painter(options.colour);
  const findings = reportedFindings(report);
  const out: string[] = [];
  for (const [path, inFile] of groupByFile(findings)) {
    out.push(paint(terminalSafe(path), "bold", "underline"));
    for (const finding of inFile) {
      const lines = finding.startLine === undefined ? `${finding.line}` : `${finding.startLine}-${finding.line}`;
      const where = `${lines}${finding.side === "LEFT" ? " (deleted)" : ""}`;
      out.push(`  ${paint(where.padEnd(7), "dim")} ${paint(finding.severity.padEnd(8), ...SEVERITY_STYLE[finding.severity])} ${paint(terminalSafe(finding.title), "bold")}`);
      if (finding.body !== "" && finding.body !== finding.title) out.push(indent(terminalSafe(finding.body), "          "));
      if (finding.suggestion !== undefined) {
        out.push(paint("          suggested code:", "cyan"));
        out.push(paint(indent(terminalSafe(finding.suggestion.replace(/\r?\n$/, "")), "            "), "green"));
      }
      out.push("");
    }
  }
  const summary = reportSummary(report);
  if (summary !== "") out.push(paint("Walkthrough", "bold"), indent(terminalSafe(summary), "  "), "");
  const files = reportedFiles(report);
  for (const skipped of files.skipped) out.push(paint(`not reviewed: ${terminalSafe(skipped.path)} (${terminalSafe(skipped.reason)})`, "dim"));
  for (const problem of report.configProblems) out.push(paint(`config problem (defaults used): ${terminalSafe(problem)}`, "yellow"));
  const gaps = reviewGaps(report);
  // A review with gaps is no all-clear: what is missing may be exactly the problem.
  if (gaps.length > 0) out.push(paint(`${gapsHeadline(gaps)}: this review is not complete.`, "yellow", "bold"));
  const counts = countBySeverity(findings);
  const none = gaps.length === 0 ? paint("No findings", "green", "bold") : paint("No findings", "bold");
  const headline = findings.length === 0 ? none : paint(`${plural(findings.length, "finding")} (${severityList(counts)})`, "bold");
  out.push(
    `${headline} in ${plural(files.reviewed.length, "file")} reviewed` +
      (files.skipped.length > 0 ? `, ${files.skipped.length} not reviewed` : "") +
      paint(` · ${report.usage.promptTokens} tokens in, ${report.usage.completionTokens} out, ${plural(report.modelTime?.calls ?? 0, "model call")}`, "dim"),
  );
  return `${out.join("\n")}\n`;
}
