import { describe, expect, it } from "vitest";
import type { ReviewState } from "../../../src/core/incremental/review-state.js";
import { checkRunOutputForReport } from "../../../src/core/publish/check-run-output.js";
import { renderSummaryComment } from "../../../src/core/publish/render-summary.js";
import { report } from "./support/report.js";

const NOTE = "`max_files: 2000` is above this server's limit, so 100 was used (`MAX_FILES_CAP`, set by the operator).";
const state: ReviewState = { version: 1, headSha: "0123456789abcdef", findings: [] };

describe("config values lowered to the server's caps", () => {
  it("are said once in the check run, as a note apart from config problems", () => {
    const summary = checkRunOutputForReport(report({ configNotes: [NOTE] })).summary;
    expect(summary).toContain(`**Lowered to this server's limits** (\`.github/pr-reviewer.yml\`):\n- ${NOTE}`);
    expect(summary.split(NOTE)).toHaveLength(2);
    expect(summary).not.toContain("is invalid");
  });

  it("are said once in the summary comment, under a note", () => {
    const body = renderSummaryComment(report({ configNotes: [NOTE] }), state);
    expect(body).toContain(`> [!NOTE]\n> \`.github/pr-reviewer.yml\` asks for more than this server allows:\n> - ${NOTE}`);
    expect(body.split(NOTE)).toHaveLength(2);
  });

  it("leave both untouched when there are none", () => {
    for (const configNotes of [undefined, []]) {
      const over = configNotes === undefined ? {} : { configNotes };
      expect(checkRunOutputForReport(report(over)).summary).not.toContain("Lowered");
      expect(renderSummaryComment(report(over), state)).not.toContain("asks for more than this server allows");
    }
  });
});
