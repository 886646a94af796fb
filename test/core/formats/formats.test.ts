import { describe, expect, it } from "vitest";
import { jsonReport, renderJsonReport } from "../../../src/core/formats/json-report.js";
import { renderMarkdownReport } from "../../../src/core/formats/markdown-report.js";
import { renderPrettyReport, terminalSafe } from "../../../src/core/formats/pretty-report.js";
import { meetsThreshold, reportedFindings } from "../../../src/core/formats/reported-findings.js";
import { sarifReport } from "../../../src/core/formats/sarif-report.js";
import { sarifSchemaErrors } from "../../helpers/sarif-schema.js";
import { inline, report, selection, unplaced } from "../publish/support/report.js";

const critical = inline(
  { path: "src/cache.ts", line: 22, start_line: 21, severity: "critical", title: "Assignment instead of comparison", body: "`entry = null` assigns.", suggestion: "if (entry === null) {\n  evict(entry);\n" },
  { startLine: 21 },
);
const major = inline({ path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion", body: "`get` may miss." });
const offDiff = unplaced({ path: "src/cache.ts", line: 2, severity: "minor", title: undefined, body: "Outside the diff\nLine 2 was not changed." });
const nit = inline({ path: "lib/a b.ts", line: 4, severity: "nit", title: "Naming", body: "Call it `size`." });
const repeat = inline({ path: "src/z.ts", line: 1, severity: "major", title: "Seen before", body: "Already on the PR." });
const unsure = inline({ path: "src/cache.ts", line: 11, severity: "critical", title: "Maybe", body: "Not sure.", confidence: 0.1 });

const full = report({
  summaries: ["Adds a cache.", "  ", "Evicts on null."],
  selection: selection({
    comments: [critical, major],
    inBody: [offDiff],
    summaryOnly: [{ placed: nit, reason: "below the severity threshold" }],
    alreadyReported: [repeat],
    lowConfidence: [unsure],
  }),
  filesReviewed: ["src/cache.ts", "lib/a b.ts", "src/z.ts", "src/broken.ts"],
  skipped: [{ path: "assets/logo.png", reason: "binary or image (default ignore `*.png`)" }],
  failedParts: [{ paths: ["src/broken.ts"], error: "HTTP 500 from the model" }],
  usage: { promptTokens: 1200, completionTokens: 300 },
  modelTime: { calls: 2, durationMs: 5000 },
});

describe("the findings a door reports", () => {
  it("lists every published and repeated finding once, in file and line order, without the unsure ones", () => {
    expect(reportedFindings(full).map((f) => `${f.path}:${f.line}:${f.severity}`)).toEqual([
      "lib/a b.ts:4:nit",
      "src/cache.ts:2:minor",
      "src/cache.ts:10:major",
      "src/cache.ts:22:critical",
      "src/z.ts:1:major",
    ]);
  });

  it("fails a gate only on a finding at or above the threshold", () => {
    const findings = [{ severity: "minor" as const }];
    expect(meetsThreshold(findings, "never")).toBe(false);
    expect(meetsThreshold(findings, "major")).toBe(false);
    expect(meetsThreshold(findings, "minor")).toBe(true);
    expect(meetsThreshold(findings, "nit")).toBe(true);
    expect(meetsThreshold([], "nit")).toBe(false);
  });
});

describe("--format json", () => {
  it("has exactly the documented fields, start_line and suggestion only where they apply", () => {
    const json = jsonReport(full);
    expect(Object.keys(json)).toEqual(["findings", "summary", "files", "usage"]);
    expect(json.findings[3]).toEqual({
      path: "src/cache.ts", line: 22, start_line: 21, side: "RIGHT", severity: "critical", title: "Assignment instead of comparison",
      body: "`entry = null` assigns.", suggestion: "if (entry === null) {\n  evict(entry);\n",
    });
    expect(json.findings[1]).toEqual({ path: "src/cache.ts", line: 2, side: "RIGHT", severity: "minor", title: "Outside the diff", body: "Outside the diff\nLine 2 was not changed." });
    expect(json.summary).toBe("Adds a cache.\n\nEvicts on null.");
    expect(json.files).toEqual({
      reviewed: ["lib/a b.ts", "src/cache.ts", "src/z.ts"],
      skipped: [
        { path: "assets/logo.png", reason: "binary or image (default ignore `*.png`)" },
        { path: "src/broken.ts", reason: "the model call failed: HTTP 500 from the model" },
      ],
    });
    expect(json.usage).toEqual({ prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, model_calls: 2 });
    expect(JSON.parse(renderJsonReport(full))).toEqual(json);
  });
});

describe("--format sarif", () => {
  it("is valid SARIF 2.1.0 with a driver, a rule per severity, and located, fingerprinted results", () => {
    const log = sarifReport(full, { name: "pr-reviewer", version: "0.1.0" });
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = (log["runs"] as { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[])[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(["pr-reviewer/critical", "pr-reviewer/major", "pr-reviewer/minor", "pr-reviewer/nit"]);
    expect(run?.results).toHaveLength(5);
    expect(run?.results[0]).toMatchObject({
      ruleId: "pr-reviewer/nit",
      ruleIndex: 3,
      level: "note",
      locations: [{ physicalLocation: { artifactLocation: { uri: "lib/a%20b.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, endLine: 4 } } }],
    });
    expect(run?.results[3]).toMatchObject({
      ruleId: "pr-reviewer/critical",
      level: "error",
      message: { text: "Assignment instead of comparison\n\n`entry = null` assigns.\n\nSuggested code:\nif (entry === null) {\n  evict(entry);" },
      locations: [{ physicalLocation: { region: { startLine: 21, endLine: 22 } } }],
      partialFingerprints: { primaryLocationLineHash: critical.fingerprint },
    });
  });

  it("puts a finding on a deleted line on the file's first line and says which old line it means", () => {
    const left = inline({ path: "a.ts", line: 7, title: "Removed guard", body: "The check is gone." }, { side: "LEFT" });
    const log = sarifReport(report({ selection: selection({ comments: [left] }) }), { name: "pr-reviewer", version: "1.2.3", informationUri: "https://example.com/pr-reviewer" });
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(JSON.stringify(log)).toContain('"region":{"startLine":1,"endLine":1}');
    expect(JSON.stringify(log)).toContain("On line 7 of the previous version (a deleted line): Removed guard");
  });

  it("is valid with no findings at all (and the schema check does catch a broken log)", () => {
    expect(sarifSchemaErrors(sarifReport(report(), { name: "pr-reviewer", version: "0.1.0" }))).toEqual([]);
    expect(sarifSchemaErrors({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [{ level: "fatal" }] }] })).toEqual(
      expect.arrayContaining([expect.stringContaining("/runs/0/tool/driver must have required property 'name'"), expect.stringContaining("/runs/0/results/0/level")]),
    );
  });
});

describe("--format markdown", () => {
  it("gives the counts, walkthrough, each finding with place and suggestion, files and cost, with the model's text made harmless", () => {
    const tricky = inline({ path: "a.ts", line: 3, title: "Ping @octo-org/admins", body: "<!-- pr-reviewer:summary --> x", suggestion: "```\ncode\n```" });
    const text = renderMarkdownReport(report({ selection: selection({ comments: [critical, tricky] }), configProblems: ["`max_comments`: too big"] }));
    expect(text).toContain("## pr-reviewer review");
    expect(text).toContain("2 findings (1 critical, 1 major).");
    expect(text).toContain("#### 🔴 **Critical** `src/cache.ts:21-22` — Assignment instead of comparison");
    expect(text).toContain("@\u200bocto-org/admins");
    expect(text).not.toContain("<!-- pr-reviewer:summary");
    expect(text).toContain("````\n```\ncode\n```\n````");
    expect(text).toContain("> - `max_comments`: too big");
    expect(text).toContain("1 file reviewed, 0 not reviewed");
    expect(renderMarkdownReport(report(), { heading: "## octo/widgets#7" })).toMatch(/^## octo\/widgets#7\n\nNo findings\./);
  });
});

describe("a review with gaps", () => {
  it("is never printed as an all-clear, in pretty text or Markdown", () => {
    const gappy = report({ failedParts: [{ paths: ["b.ts"], error: "HTTP 500" }], incompleteParts: [{ paths: ["c.ts"], reason: "cut off twice" }], filesReviewed: ["b.ts", "c.ts"] });
    const pretty = renderPrettyReport(gappy, { colour: false });
    expect(pretty).toContain("The model's answer stayed incomplete; 1 part of the diff not reviewed: this review is not complete.");
    expect(renderMarkdownReport(gappy)).toContain("> [!WARNING]\n> The model's answer stayed incomplete; 1 part of the diff not reviewed: this review is not complete.");
    expect(renderMarkdownReport(report())).not.toContain("[!WARNING]");
    expect(renderPrettyReport(report(), { colour: false })).not.toContain("not complete");
  });
});

describe("--format pretty", () => {
  it("groups by file, with colours only when asked, and never passes the model's control characters to the terminal", () => {
    const hostile = inline({ path: "a.ts", line: 3, title: "Bad\u001b]0;pwned\u0007 title", body: "Clears\u001b[2J the screen" });
    const plain = renderPrettyReport(report({ selection: selection({ comments: [hostile, major] }) }), { colour: false });
    expect(plain).not.toContain("\u001b");
    expect(plain).not.toContain("\u0007");
    expect(plain).toContain("a.ts\n  3       major    Bad]0;pwned title\n          Clears[2J the screen");
    expect(plain).toContain("src/cache.ts\n  10      major    Non-null assertion");
    expect(plain).toContain("2 findings (2 major) in 1 file reviewed");
    const coloured = renderPrettyReport(report({ selection: selection({ comments: [critical] }) }), { colour: true });
    expect(coloured).toContain("\u001b[1m\u001b[31mcritical");
    expect(renderPrettyReport(full, { colour: false })).toContain("not reviewed: src/broken.ts (the model call failed: HTTP 500 from the model)");
    expect(renderPrettyReport(report(), { colour: false })).toContain("No findings in 1 file reviewed");
    expect(terminalSafe("tab\tand\nnewline\u009b")).toBe("tab\tand\nnewline");
  });
});
