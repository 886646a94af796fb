import { REPO_CONFIG_PATH } from "../config/repo-config.js";
import { titleOf } from "../findings/place-findings.js";
import { SEVERITIES, type Severity } from "../findings/review-tool.js";
import { encodeState, type ReviewState } from "../incremental/review-state.js";
import { toolUseText, verificationText } from "./agent-lines.js";
import { plural } from "./check-run-output.js";
import { sanitiseMarkdown, sanitiseMarkdownLine, type OutputPolicy } from "../trust/sanitise-output.js";
import { fitToLimit, SUMMARY_HEADING, SUMMARY_MARKER } from "./markdown.js";
import { notAutomaticNotice } from "./not-automatic-notice.js";
import { pauseNotice } from "./pause-notice.js";
import { SEVERITY_BADGE } from "./render-comment.js";
import { inlineCode } from "./render-review-body.js";
import { reviewGaps } from "./review-gaps.js";
import { countBySeverity, openFindings, outputPolicyOf, type ReviewReport, type SuppressedFindingRef } from "./review-report.js";

/** GitHub's limit for an issue comment's body. */
export const SUMMARY_LIMIT = 65_536;

export { SUMMARY_MARKER } from "./markdown.js";

/** A table the renderer may shorten: rows are dropped from the end, and a line says how many. */
interface Table {
  readonly kind: "table";
  readonly heading: string;
  readonly header: string;
  readonly rows: readonly string[];
}

type Section = string | Table;

/** Untrusted text in a table cell or a list item: one line, and no `|` to split the cell. */
function oneLine(text: string, policy: OutputPolicy): string {
  return sanitiseMarkdownLine(text, policy).replace(/\|/g, "\\|");
}

function renderSection(section: Section, rowLimit: number): string {
  if (typeof section === "string") return section;
  if (section.rows.length === 0) return "";
  const shown = section.rows.slice(0, rowLimit);
  const more = section.rows.length - shown.length;
  return [section.heading, "", section.header, ...shown, ...(more > 0 ? [`\n… and ${more} more (shortened to fit GitHub's comment limit)`] : [])].join("\n");
}

function renderAll(sections: readonly Section[], limits: ReadonlyMap<Table, number>): string {
  return sections
    .map((section) => renderSection(section, typeof section === "string" ? 0 : (limits.get(section) ?? section.rows.length)))
    .filter((text) => text !== "")
    .join("\n\n");
}

/**
 * Shortens the tables, the longest first, until the text fits; the state is the tail and is never cut (it is
 * bounded by the number of findings it keeps).
 */
export function fitSections(sections: readonly Section[], tail: string, limit: number): string {
  const tables = sections.filter((s): s is Table => typeof s !== "string");
  const limits = new Map(tables.map((t) => [t, t.rows.length]));
  let text = renderAll(sections, limits);
  while (text.length + tail.length > limit) {
    const longest = [...limits.entries()].sort((a, b) => b[1] - a[1])[0];
    if (longest === undefined || longest[1] === 0) break;
    limits.set(longest[0], Math.floor(longest[1] / 2));
    text = renderAll(sections, limits);
  }
  return fitToLimit(text, tail, limit);
}

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function location(path: string, line: number): string {
  return inlineCode(`${path}:${line}`);
}

const MAX_WARNED_PARTS = 10;
const MAX_WARNED_PATHS = 5;

/**
 * Right under the heading, so that nobody reads the review as complete when it is not: what could not be used
 * or was cut off, and where (the parts whose model call failed have their own section below).
 */
function gapsWarning(report: ReviewReport, policy: OutputPolicy): string[] {
  const gaps = reviewGaps(report);
  if (gaps.length === 0) return [];
  const lines = ["> [!WARNING]", `> **This review is not complete:** ${gaps.join("; ")}.`];
  if (report.invalidFindings.length > 0) {
    const first = oneLine((report.invalidFindings[0] ?? "").slice(0, 300), policy);
    lines.push(`> - ${plural(report.invalidFindings.length, "finding")} from the model had no usable file, line or explanation and ${report.invalidFindings.length === 1 ? "was" : "were"} dropped (${first}${report.invalidFindings.length > 1 ? "; …" : ""}).`);
  }
  for (const part of report.incompleteParts.slice(0, MAX_WARNED_PARTS)) {
    const paths = part.paths.slice(0, MAX_WARNED_PATHS).map(inlineCode).join(", ") + (part.paths.length > MAX_WARNED_PATHS ? `, and ${part.paths.length - MAX_WARNED_PATHS} more files` : "");
    lines.push(`> - The model's answer for ${paths} stayed incomplete (${oneLine(part.reason.slice(0, 500), policy)}): findings it did not give are missing.`);
  }
  if (report.incompleteParts.length > MAX_WARNED_PARTS) lines.push(`> - … and ${report.incompleteParts.length - MAX_WARNED_PARTS} more parts whose answer stayed incomplete.`);
  if (report.failedParts.length > 0) lines.push(`> - ${plural(report.failedParts.length, "part")} of the diff could not be reviewed (listed below).`);
  lines.push("> ", "> Re-run the review to try again.");
  return [lines.join("\n")];
}

/** What the model did beyond reading the diff: its tool calls, and the second look at its findings. */
function agentLines(report: ReviewReport, policy: OutputPolicy): string[] {
  const lines = [
    ...(report.toolUse === undefined ? [] : [toolUseText(report.toolUse)]),
    ...(report.verification === undefined ? [] : [verificationText(report.verification)]),
  ];
  return lines.length === 0 ? [] : [oneLine(lines.join(" "), policy)];
}

function totalsLine(counts: ReadonlyMap<Severity, number>): string {
  const parts = SEVERITIES.map((s) => `${SEVERITY_BADGE[s]} ${counts.get(s) ?? 0}`);
  return parts.join(" · ");
}

const LESSON_SOURCE: Readonly<Record<SuppressedFindingRef["learning"]["source"], string>> = {
  reaction: "👎 by",
  resolved: "resolved unchanged by",
  conceded: "withdrawn in a thread with",
};

/** The living summary of a pull request: one issue comment, rewritten after every review, with the state at its end. */
export function renderSummaryComment(report: ReviewReport, state: ReviewState): string {
  const { selection } = report;
  const policy = outputPolicyOf(report);
  const line = (text: string): string => oneLine(text, policy);
  const scope =
    report.scope.kind === "incremental"
      ? `the changes since \`${report.scope.baseSha.slice(0, 7)}\``
      : `the whole pull request (${line(report.scope.reason)})`;
  const open = openFindings(report);
  const suppressed = report.suppressed ?? [];
  const walkthrough = report.summaries.map((s) => sanitiseMarkdown(s.trim(), policy)).filter((s) => s !== "");

  const perFile = new Map<string, number>();
  for (const placed of [...selection.comments, ...selection.inBody, ...selection.summaryOnly.map((s) => s.placed), ...selection.alreadyReported]) {
    perFile.set(placed.path, (perFile.get(placed.path) ?? 0) + 1);
  }

  const sections: Section[] = [
    `${SUMMARY_MARKER}\n${SUMMARY_HEADING}`,
    ...(state.paused === undefined ? [] : [pauseNotice(state.paused)]),
    ...(state.notAutomatic === undefined ? [] : [notAutomaticNotice(state.notAutomatic)]),
    `Reviewed ${scope} at \`${report.headSha.slice(0, 7)}\` with ${inlineCode(report.modelName)} · ` +
      `${report.usage.promptTokens.toLocaleString("en-US")} tokens in, ${report.usage.completionTokens.toLocaleString("en-US")} out · ${formatDuration(report.durationMs)}`,
    ...agentLines(report, policy),
    ...gapsWarning(report, policy),
    `### Walkthrough\n${walkthrough.length > 0 ? walkthrough.join("\n\n") : "_No walkthrough: nothing was reviewed in this run._"}`,
    `### Open findings: ${open.length}\n${totalsLine(countBySeverity(open))}\n\n` +
      `This run: ${plural(selection.comments.length, "inline comment")}, ${selection.inBody.length} in the review body, ` +
      `${selection.summaryOnly.length} listed below only, ${selection.alreadyReported.length} already reported` +
      (selection.lowConfidence.length > 0 ? `, ${selection.lowConfidence.length} below the confidence threshold (not shown)` : "") +
      (report.dropped.length > 0 ? `, ${report.dropped.length} on files outside the review (dropped)` : "") +
      (suppressed.length > 0 ? `, ${suppressed.length} not reported because reviewers dismissed findings like ${suppressed.length === 1 ? "it" : "them"}` : "") +
      ".",
    {
      kind: "table",
      heading: "### Not posted inline",
      header: "| severity | where | finding | why |\n|---|---|---|---|",
      rows: selection.summaryOnly.map(
        (s) => `| ${SEVERITY_BADGE[s.placed.finding.severity]} | ${location(s.placed.path, s.placed.line)} | ${line(titleOf(s.placed.finding))} | ${s.reason} |`,
      ),
    },
    {
      kind: "table",
      heading: `### Not reported: like findings reviewers dismissed (${suppressed.length})`,
      header: "| severity | where | finding | lesson (`/learnings`, `/forget <id>`) |\n|---|---|---|---|",
      rows: suppressed.map(
        (f) => `| ${SEVERITY_BADGE[f.severity]} | ${location(f.path, f.line)} | ${oneLine(f.title, policy)} | ${inlineCode(f.learning.id)} ${LESSON_SOURCE[f.learning.source]} ${inlineCode(f.learning.by)} on #${f.learning.pullNumber} |`,
      ),
    },
    {
      kind: "table",
      heading: "### Still open from earlier reviews",
      header: "| severity | where | finding |\n|---|---|---|",
      rows: report.stillOpen.map((f) => `| ${SEVERITY_BADGE[f.severity]} | ${location(f.path, f.line)} | ${line(f.title)} |`),
    },
    {
      kind: "table",
      heading: "### Addressed by this push",
      header: "| severity | was at | finding |\n|---|---|---|",
      rows: report.closed.map((c) => `| ${SEVERITY_BADGE[c.finding.severity]} | ${location(c.finding.path, c.finding.line)} | ${line(c.finding.title)} |`),
    },
    {
      kind: "table",
      heading: `### Files reviewed (${report.filesReviewed.length})`,
      header: "| file | findings |\n|---|---|",
      rows: report.filesReviewed.map((path) => `| ${inlineCode(path)} | ${perFile.get(path) ?? 0} |`),
    },
    {
      kind: "table",
      heading: `### Files not reviewed (${report.skipped.length})`,
      header: "| file | why |\n|---|---|",
      rows: report.skipped.map((s) => `| ${inlineCode(s.path)} | ${line(s.reason)} |`),
    },
    ...(report.failedParts.length > 0
      ? [`### Not reviewed because the model call failed\n${report.failedParts.map((f) => `- ${f.paths.map(inlineCode).join(", ")}: ${line(f.error)}`).join("\n")}`]
      : []),
    ...(report.configProblems.length > 0
      ? [`> [!WARNING]\n> ${inlineCode(REPO_CONFIG_PATH)} is invalid, so the defaults were used:\n${report.configProblems.map((p) => `> - ${line(p)}`).join("\n")}`]
      : []),
    // The notes are our own words; the only value from the repository in them is a validated whole number.
    ...(report.configNotes !== undefined && report.configNotes.length > 0
      ? [`> [!NOTE]\n> ${inlineCode(REPO_CONFIG_PATH)} asks for more than this server allows:\n${report.configNotes.map((n) => `> - ${n}`).join("\n")}`]
      : []),
  ];
  return fitSections(sections, `\n\n${encodeState(state)}`, SUMMARY_LIMIT);
}
