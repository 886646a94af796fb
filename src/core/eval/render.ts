import type { Spread } from "./metrics.js";
import type { CaseFigures, EvalReport, ScoreFigures } from "./report.js";

export const EVAL_FORMATS = ["pretty", "json"] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

export function renderEvalReport(report: EvalReport, format: EvalFormat): string {
  return format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderPretty(report);
}

const DASH = "–";

function roundTo(value: number, digits: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function ratioText(value: number | null): string {
  return value === null ? DASH : value.toFixed(2);
}

function percentText(value: number | null): string {
  return value === null ? DASH : `${(value * 100).toFixed(1)}%`;
}

/** `mean` alone for one run or when every run agreed, else `mean (min–max)`. */
function withSpread(mean: number | null, spread: Spread, show: (value: number | null) => string): string {
  if (spread.min === spread.max) return show(mean);
  return `${show(mean)} (${show(spread.min)}${DASH}${show(spread.max)})`;
}

const count = (value: number | null): string => (value === null ? DASH : roundTo(value, 1));

function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

type Row = readonly string[];

function table(header: Row, rows: readonly Row[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: Row): string =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)];
}

function scoreCells(figures: ScoreFigures | CaseFigures): string[] {
  const { spread } = figures;
  return [
    withSpread(figures.tp, spread.tp, count),
    withSpread(figures.fp, spread.fp, count),
    withSpread(figures.fn, spread.fn, count),
    withSpread(figures.precision, spread.precision, ratioText),
    withSpread(figures.recall, spread.recall, ratioText),
    withSpread(figures.f1, spread.f1, ratioText),
  ];
}

function caseRow(figures: CaseFigures): Row {
  const failedRuns = figures.failed_runs > 0 ? ` (failed ×${figures.failed_runs})` : "";
  return [
    `${figures.id}${failedRuns}`,
    figures.clean ? "clean" : String(figures.expected),
    withSpread(figures.comments, figures.spread.comments, count),
    ...scoreCells(figures),
  ];
}

/** A table per case, the pooled and macro figures, the clean-case false alarms and the cost, for a terminal. */
export function renderPretty(report: EvalReport): string {
  const { settings } = report;
  const runs = settings.runs === 1 ? "1 run" : `${settings.runs} runs (mean, with min${DASH}max where runs differ)`;
  const judge = settings.judge_model === null ? "no judge" : `judge ${settings.judge_model}`;
  const lines = [
    `pr-reviewer eval: ${report.cases.length} cases (${report.clean_cases} clean), ${runs}, line tolerance ${settings.line_tolerance}, ${judge}`,
    "",
  ];
  const macro = report.macro;
  lines.push(
    ...table(
      ["case", "expected", "comments", "TP", "FP", "FN", "precision", "recall", "F1"],
      [
        ...report.cases.map(caseRow),
        ["pooled (micro)", "", withSpread(report.comments_per_case, report.spread.comments_per_case, count), ...scoreCells(report.pooled)],
        [
          "mean of cases (macro)",
          "",
          "",
          "",
          "",
          "",
          withSpread(macro.precision, macro.spread.precision, ratioText),
          withSpread(macro.recall, macro.spread.recall, ratioText),
          withSpread(macro.f1, macro.spread.f1, ratioText),
        ],
      ],
    ),
    "",
  );
  if (report.location_only !== undefined) {
    const location = report.location_only;
    lines.push(
      `line gate alone (before the judge): TP ${count(location.tp)}, FP ${count(location.fp)}, FN ${count(location.fn)}, ` +
        `precision ${ratioText(location.precision)}, recall ${ratioText(location.recall)}, F1 ${ratioText(location.f1)}`,
    );
  }
  lines.push(
    `clean cases with a finding: ${withSpread(report.clean_case_false_alarm_rate, report.spread.clean_case_false_alarm_rate, percentText)} of ${report.clean_cases}`,
  );
  const usage = report.usage;
  const perRun = settings.runs === 1 ? "" : " per run";
  lines.push(
    `tokens${perRun}: ${Math.round(usage.prompt_tokens).toLocaleString("en-US")} prompt + ${Math.round(usage.completion_tokens).toLocaleString("en-US")} completion; ` +
      `${count(usage.model_calls)} model calls` +
      (settings.judge_model === null ? "" : `, ${count(usage.judge_calls)} judge calls`) +
      `; review time ${durationText(usage.review_ms)} (summed over cases), wall time ${durationText(usage.wall_ms)}`,
  );
  const failed = report.failures.filter((failure) => !failure.partial);
  const partial = report.failures.filter((failure) => failure.partial);
  if (failed.length > 0) {
    lines.push("", `${failed.length} review(s) failed and count as publishing nothing:`);
    for (const failure of failed) lines.push(`  ${failure.id} (run ${failure.run}): ${failure.error}`);
  }
  if (partial.length > 0) {
    lines.push("", `${partial.length} review(s) were incomplete; what the rest found counts:`);
    for (const failure of partial) lines.push(`  ${failure.id} (run ${failure.run}): ${failure.error}`);
  }
  return `${lines.join("\n")}\n`;
}
