import { describe, expect, it } from "vitest";
import { selectFindings, type NoiseSettings } from "../../../src/core/findings/select-findings.js";
import { inline, unplaced } from "../publish/support/report.js";

const settings: NoiseSettings = { severityThreshold: "minor", maxComments: 2, confidenceThreshold: 0.5 };

describe("selectFindings", () => {
  it("posts the most severe inline comments up to the cap and lists the rest in the summary", () => {
    const minor = inline({ severity: "minor" });
    const critical = inline({ severity: "critical" });
    const major = inline({ severity: "major" });
    const selection = selectFindings([minor, critical, major], new Set(), settings);
    expect(selection.comments).toEqual([critical, major]);
    expect(selection.summaryOnly).toEqual([{ placed: minor, reason: "over the comment limit" }]);
  });

  it("keeps findings below the severity threshold out of the inline comments and the review body", () => {
    const nit = inline({ severity: "nit" });
    const offDiff = unplaced({ severity: "nit" });
    const selection = selectFindings([nit, offDiff], new Set(), settings);
    expect(selection.comments).toEqual([]);
    expect(selection.inBody).toEqual([]);
    expect(selection.summaryOnly.map((s) => s.reason)).toEqual(["below the severity threshold", "below the severity threshold"]);
  });

  it("sends findings off the diff to the review body, without counting them against the cap", () => {
    const offDiff = unplaced({ severity: "major" });
    const selection = selectFindings([inline(), inline(), offDiff], new Set(), settings);
    expect(selection.comments).toHaveLength(2);
    expect(selection.inBody).toEqual([offDiff]);
  });

  it("does not publish findings below the confidence threshold; findings without one are kept", () => {
    const unsure = inline({ confidence: 0.2 });
    const sure = inline({ confidence: 0.9 });
    const silent = inline();
    const selection = selectFindings([unsure, sure, silent], new Set(), settings);
    expect(selection.lowConfidence).toEqual([unsure]);
    expect(selection.comments).toEqual([sure, silent]);
  });

  it("never repeats a finding already on the pull request or one found earlier in the same run", () => {
    const earlier = inline();
    const again = { ...inline(), fingerprint: earlier.fingerprint };
    const known = inline({ severity: "critical" });
    const selection = selectFindings([known, earlier, again], new Set([known.fingerprint]), settings);
    expect(selection.comments).toEqual([earlier]);
    expect(selection.alreadyReported).toEqual([known, again]);
  });

  it("posts nothing inline with max_comments 0", () => {
    const selection = selectFindings([inline()], new Set(), { ...settings, maxComments: 0 });
    expect(selection.comments).toEqual([]);
    expect(selection.summaryOnly).toHaveLength(1);
  });
});
