import { describe, expect, it } from "vitest";
import { pausedState, summaryWithPause } from "../../../src/core/conversation/pause.js";
import { nextState } from "../../../src/core/incremental/next-state.js";
import { decodeState } from "../../../src/core/incremental/review-state.js";
import { comparisonBase } from "../../../src/core/incremental/review-scope.js";
import { renderSummaryComment, SUMMARY_LIMIT, SUMMARY_MARKER } from "../../../src/core/publish/render-summary.js";
import { inline, report, selection } from "../publish/support/report.js";

const paused = { by: "alice", at: "2026-01-02T03:04:05Z" };
const reviewed = () => renderSummaryComment(report({ selection: selection({ comments: [inline()] }) }), nextState(report({ selection: selection({ comments: [inline()] }) })));

describe("summaryWithPause", () => {
  it("before any review, writes a summary that says only that reviews are paused, and keeps no head", () => {
    const body = summaryWithPause(undefined, paused) ?? "";
    expect(body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(body).toContain("Automatic reviews of this pull request are paused");
    expect(body).toContain("`/resume`");
    expect(body).toContain("`alice`");
    expect(body).not.toContain("@alice");
    expect(decodeState(body)).toEqual({ version: 1, findings: [], paused });
    expect(pausedState(body)).toEqual(paused);
    // With no head kept, the first review is still a full one.
    expect(comparisonBase({ state: decodeState(body), headSha: "a".repeat(40), fullRequested: false, pullRequestFiles: [] })).toEqual({ full: "first review of this pull request" });
  });

  it("has nothing to write for /resume on a pull request without a summary", () => {
    expect(summaryWithPause(undefined, undefined)).toBeUndefined();
  });

  it("adds the notice under the heading of a review's summary once, keeping the findings and the head", () => {
    const original = reviewed();
    const body = summaryWithPause(original, paused) ?? "";
    expect(body.match(/are paused/g)).toHaveLength(1);
    expect(body.indexOf("are paused")).toBeLessThan(body.indexOf("### Walkthrough"));
    expect(body.indexOf("## pr-reviewer summary")).toBeLessThan(body.indexOf("are paused"));
    const before = decodeState(original);
    expect(decodeState(body)).toEqual({ ...before, paused });
    // Pausing again keeps who paused first: nothing to write.
    expect(summaryWithPause(body, { by: "bob", at: "2026-02-02T00:00:00Z" })).toBeUndefined();
  });

  it("takes the notice and the flag out again on /resume, leaving the rest as it was", () => {
    const original = reviewed();
    const resumed = summaryWithPause(summaryWithPause(original, paused), undefined) ?? "";
    expect(resumed).not.toContain("paused");
    expect(decodeState(resumed)).toEqual(decodeState(original));
    expect(resumed.replace(/\s+/g, " ")).toBe(original.replace(/\s+/g, " "));
    expect(summaryWithPause(original, undefined)).toBeUndefined();
  });

  it("a review carries the pause over, and its summary repeats the notice", () => {
    const state = nextState(report(), { paused });
    expect(state.paused).toEqual(paused);
    expect(renderSummaryComment(report(), state)).toContain("are paused");
    expect(renderSummaryComment(report(), nextState(report()))).not.toContain("are paused");
  });

  it("keeps the state whole when the summary is at GitHub's limit", () => {
    const long = `${SUMMARY_MARKER}\n## pr-reviewer summary\n\n${"x".repeat(SUMMARY_LIMIT - 200)}\n\n${reviewed().slice(reviewed().indexOf("<!-- pr-reviewer:state="))}`;
    const body = summaryWithPause(long, paused) ?? "";
    expect(body.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(decodeState(body)?.paused).toEqual(paused);
  });

  it("reads a summary without a readable state as not paused, and pausing it starts a fresh state", () => {
    expect(pausedState(undefined)).toBeUndefined();
    expect(pausedState(`${SUMMARY_MARKER}\nold`)).toBeUndefined();
    expect(decodeState(summaryWithPause(`${SUMMARY_MARKER}\nold`, paused) ?? "")).toEqual({ version: 1, findings: [], paused });
  });
});

describe("the check run of a paused push", () => {
  it("is skipped, says who paused and how to resume or review anyway", async () => {
    const { checkRunOutputForPaused } = await import("../../../src/core/publish/check-run-output.js");
    const output = checkRunOutputForPaused({ by: "a`b", at: "2026-01-01T00:00:00Z" });
    expect(output.conclusion).toBe("skipped");
    expect(output.title).toBe("Reviews paused — comment /resume");
    expect(output.summary).toContain("`/pause` by `ab`");
    expect(output.summary).toContain("`/review`");
  });
});

describe("suppressed findings in the summary", () => {
  it("lists each with its lesson and counts them in the run's line", () => {
    const suppressed = [
      { fingerprint: "0000000000000a", severity: "major" as const, path: "src/a.ts", line: 3, title: "Null | entry", learning: { id: "abc1234", source: "reaction" as const, by: "alice", pullNumber: 7 } },
      { fingerprint: "0000000000000b", severity: "minor" as const, path: "src/b.ts", line: 9, title: "Other", learning: { id: "def5678", source: "resolved" as const, by: "bob", pullNumber: 8 } },
      { fingerprint: "0000000000000c", severity: "nit" as const, path: "src/c.ts", line: 1, title: "Third", learning: { id: "0123456", source: "conceded" as const, by: "carol", pullNumber: 9 } },
    ];
    const body = renderSummaryComment(report({ suppressed }), nextState(report()));
    expect(body).toContain("3 not reported because reviewers dismissed findings like them.");
    expect(body).toContain("### Not reported: like findings reviewers dismissed (3)");
    expect(body).toContain("| 🟠 **Major** | `src/a.ts:3` | Null \\| entry | `abc1234` 👎 by `alice` on #7 |");
    expect(body).toContain("`def5678` resolved unchanged by `bob` on #8");
    expect(body).toContain("`0123456` withdrawn in a thread with `carol` on #9");
    expect(renderSummaryComment(report({ suppressed: suppressed.slice(0, 1) }), nextState(report()))).toContain("1 not reported because reviewers dismissed findings like it.");
    expect(renderSummaryComment(report(), nextState(report()))).not.toContain("Not reported");
  });
});
