import { describe, expect, it } from "vitest";
import { MAX_TITLE_CHARS, mendFinding, severityOf, shortenTitle } from "../../../src/core/findings/mend-finding.js";
import { validateFinding } from "../../../src/core/findings/validate-review.js";

const good = { path: "src/a.ts", line: 3, severity: "major", body: "Off by one." };
const longTitle = `${"The cache lookup dereferences the result without checking for a miss ".repeat(4).trim()}.`;

describe("mendFinding mends what is cosmetic", () => {
  it.each([
    ["a title too long, at a word boundary", { ...good, title: longTitle }, { ...good, title: shortenTitle(longTitle) }, /^title shortened from 276 to 196 characters$/],
    ["a title on several lines", { ...good, title: "Crash\n  on a miss" }, { ...good, title: "Crash on a miss" }, undefined],
    ["a blank title", { ...good, title: "  " }, good, undefined],
    ["a title that is not text", { ...good, title: 42 }, good, /^title 42 dropped: not text$/],
    ["severity in capitals", { ...good, severity: "MAJOR" }, good, /^severity "MAJOR" read as major$/],
    ["severity with decoration", { ...good, severity: "[Critical]:" }, { ...good, severity: "critical" }, /read as critical/],
    ["severity on a high/medium/low scale", { ...good, severity: "High" }, good, /^severity "High" read as major$/],
    ["severity as SARIF's warning", { ...good, severity: "warning" }, { ...good, severity: "minor" }, /read as minor/],
    ["severity as a tracker's blocker", { ...good, severity: "blocker" }, { ...good, severity: "critical" }, /read as critical/],
    ["severity as nit-pick", { ...good, severity: "nit-pick" }, { ...good, severity: "nit" }, /read as nit/],
    ["an unknown severity word", { ...good, severity: "purple" }, { ...good, severity: "minor" }, /^severity "purple" is no level of critical\/major\/minor\/nit: taken as minor$/],
    ["no severity", { path: "src/a.ts", line: 3, body: "Off by one." }, { ...good, severity: "minor" }, /^no severity: taken as minor$/],
    ["a stray field", { ...good, category: "bug" }, good, /^unknown field `category` ignored$/],
    ["camelCase field names", { ...good, line: 5, startLine: 4 }, { ...good, line: 5, start_line: 4 }, /^field `startLine` read as `start_line`$/],
    ["an alias of path and body", { file: "src/a.ts", line: 3, severity: "major", message: "Off by one." }, good, /field `file` read as `path`/],
    ["an alias beside the real field", { ...good, message: "Other text." }, good, /^unknown field `message` ignored$/],
    ["a quoted line number", { ...good, line: "3" }, good, /^line "3" read as 3$/],
    ["a line number with an L", { ...good, line: "L3" }, good, /read as 3/],
    ["a range written into line", { ...good, line: "3-5" }, { ...good, start_line: 3, line: 5 }, /^line "3-5" read as start_line 3, line 5$/],
    ["a start line after the line", { ...good, start_line: 9 }, good, /^start_line 9 dropped: not a line before `line`$/],
    ["a start line equal to the line", { ...good, start_line: 3 }, good, undefined],
    ["a quoted start line", { ...good, start_line: " 2 " }, { ...good, start_line: 2 }, /read as 2/],
    ["a confidence in percent", { ...good, confidence: "85%" }, { ...good, confidence: 0.85 }, undefined],
    ["a confidence out of 100", { ...good, confidence: 70 }, { ...good, confidence: 0.7 }, undefined],
    ["a confidence that is no probability", { ...good, confidence: 250 }, good, /^confidence 250 dropped: not a probability$/],
    ["a confidence in words", { ...good, confidence: "high" }, good, /^confidence "high" dropped/],
    ["a suggestion that is not text", { ...good, suggestion: ["a", "b"] }, good, /^suggestion dropped: not text$/],
    ["blank evidence", { ...good, evidence: " " }, good, undefined],
    ["null optional fields", { ...good, start_line: null, suggestion: null }, good, undefined],
    ["a path with spaces around it", { ...good, path: " src/a.ts\n" }, good, undefined],
    ["a title with spaces around it", { ...good, title: " T " }, { ...good, title: "T" }, undefined],
    ["a long unknown severity, quoted short in the note", { ...good, severity: "s".repeat(60) }, { ...good, severity: "minor" }, /^severity "s{39}… is no level/],
    ["a negative confidence", { ...good, confidence: -0.5 }, good, /^confidence -0.5 dropped/],
    ["a start line that is no number", { ...good, start_line: "first" }, good, /^start_line "first" dropped/],
  ])("%s", (_name, candidate, expected, note) => {
    const validation = validateFinding(candidate);
    expect(validation).toMatchObject({ ok: true, finding: expected });
    const notes = validation.ok ? validation.mended : [];
    if (note === undefined) expect(notes).toEqual([]);
    else expect(notes.some((n) => note.test(n)), notes.join(" | ")).toBe(true);
  });

  it.each([
    ["no path", { line: 3, severity: "major", body: "b" }, /^path: /],
    ["a blank path", { ...good, path: "  " }, /^path: /],
    ["no line", { path: "src/a.ts", severity: "major", body: "b" }, /^line: /],
    ["a line that is no number", { ...good, line: "ten" }, /^line: /],
    ["line 0", { ...good, line: 0 }, /^line: /],
    ["a fractional line", { ...good, line: 2.5 }, /^line: /],
    ["a range written backwards", { ...good, line: "5-3" }, /^line: /],
    ["a path that is not text", { ...good, path: 7 }, /^path: /],
    ["no body", { path: "src/a.ts", line: 3, severity: "major" }, /^body: /],
    ["a blank body", { ...good, body: " \n " }, /^body: /],
    ["not an object", "src/a.ts:3 is off by one", /object/],
  ])("but drops a finding with %s: it cannot be placed or explained", (_name, candidate, reason) => {
    const validation = validateFinding(candidate);
    expect(validation.ok).toBe(false);
    expect(!validation.ok && validation.reason).toMatch(reason);
  });

  it("leaves a finding without defects untouched", () => {
    const finding = { ...good, start_line: 2, code: "x", evidence: "e", confidence: 0.9, title: "T", suggestion: "y" };
    expect(mendFinding(finding)).toEqual({ value: finding, notes: [] });
  });
});

describe("shortenTitle", () => {
  it("keeps a title that fits", () => {
    expect(shortenTitle("Crash on a cache miss")).toBe("Crash on a cache miss");
  });

  it("cuts at the last space that keeps most of the title, within the limit, with an ellipsis", () => {
    const title = shortenTitle(longTitle);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(title.length).toBeGreaterThan(MAX_TITLE_CHARS * 0.6);
    expect(title.endsWith("…")).toBe(true);
    expect(longTitle.startsWith(title.slice(0, -1))).toBe(true);
    expect(longTitle[title.length - 1]).toBe(" ");
  });

  it("cuts inside a word that is too long to cut after, never inside an emoji", () => {
    expect(shortenTitle("x".repeat(300))).toBe(`${"x".repeat(199)}…`);
    const emoji = shortenTitle(`${"y".repeat(198)}😀tail`);
    expect(emoji).toBe(`${"y".repeat(198)}…`);
  });
});

describe("severityOf", () => {
  it.each([
    ["critical", "critical"],
    ["FATAL", "critical"],
    ["Error", "major"],
    ["medium", "minor"],
    ["Low", "minor"],
    ["info", "nit"],
    ["trivial", "nit"],
  ])("reads %s as %s", (word, severity) => {
    expect(severityOf(word)).toBe(severity);
  });

  it("knows no level for other words or non-text", () => {
    expect(severityOf("urgent-ish?")).toBeUndefined();
    expect(severityOf(3)).toBeUndefined();
  });
});
