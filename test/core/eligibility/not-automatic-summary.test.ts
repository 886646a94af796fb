import { describe, expect, it } from "vitest";
import { summaryWithPause } from "../../../src/core/conversation/pause.js";
import { summaryWithNotAutomatic } from "../../../src/core/eligibility/not-automatic-summary.js";
import { carriedState, nextState } from "../../../src/core/incremental/next-state.js";
import { decodeState, type NotAutomaticState } from "../../../src/core/incremental/review-state.js";
import { comparisonBase } from "../../../src/core/incremental/review-scope.js";
import { checkRunOutputForNotAutomatic } from "../../../src/core/publish/check-run-output.js";
import { renderSummaryComment, SUMMARY_LIMIT, SUMMARY_MARKER } from "../../../src/core/publish/render-summary.js";
import { inline, report, selection } from "../publish/support/report.js";

const fork: NotAutomaticState = { reason: "fork", ask: "command" };
const reader: NotAutomaticState = { reason: "author-permission", author: "octocat", required: "write", ask: "command" };
const NOTICE = /Pushes to this pull request are not reviewed automatically/g;
const reviewed = () => renderSummaryComment(report({ selection: selection({ comments: [inline()] }) }), nextState(report({ selection: selection({ comments: [inline()] }) })));

describe("summaryWithNotAutomatic", () => {
  it("before any review, writes a summary that says only why and how to ask, and keeps no head", () => {
    const body = summaryWithNotAutomatic(undefined, fork) ?? "";
    expect(body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(body.match(NOTICE)).toHaveLength(1);
    expect(body).toContain("it comes from a fork");
    expect(body).toContain("`automatic_reviews.forks: false`");
    expect(body).toContain("A maintainer can comment `/review`");
    expect(body).toContain("_No review yet._");
    expect(decodeState(body)).toEqual({ version: 1, findings: [], notAutomatic: fork });
    // The first review, when a maintainer asks for one, is still a full one.
    expect(comparisonBase({ state: decodeState(body), headSha: "a".repeat(40), fullRequested: false, pullRequestFiles: [] })).toEqual({ full: "first review of this pull request" });
  });

  it("writes nothing for a later push that changes nothing about it", () => {
    const body = summaryWithNotAutomatic(undefined, reader) ?? "";
    expect(summaryWithNotAutomatic(body, { ...reader })).toBeUndefined();
    expect(summaryWithNotAutomatic(summaryWithNotAutomatic(reviewed(), fork), fork)).toBeUndefined();
  });

  it("replaces the notice, never adds a second, when the reason or the setting changes", () => {
    const first = summaryWithNotAutomatic(undefined, reader) ?? "";
    for (const next of [fork, { ...reader, required: "admin" } as const, { ...reader, author: "hubot" }, { ...reader, ask: "rerun-job" } as const]) {
      const body = summaryWithNotAutomatic(first, next) ?? "";
      expect(body.match(NOTICE)).toHaveLength(1);
      expect(decodeState(body)?.notAutomatic).toEqual(next);
    }
  });

  it("puts the notice under the heading of a review's summary, keeping the findings and the head", () => {
    const original = reviewed();
    const body = summaryWithNotAutomatic(original, reader) ?? "";
    expect(body.match(NOTICE)).toHaveLength(1);
    expect(body.indexOf("## pr-reviewer summary")).toBeLessThan(body.search(NOTICE));
    expect(body.search(NOTICE)).toBeLessThan(body.indexOf("### Walkthrough"));
    expect(decodeState(body)).toEqual({ ...decodeState(original), notAutomatic: reader });
  });

  it("names the author as code, never as a mention, and the permission the repository asks for", () => {
    const body = summaryWithNotAutomatic(undefined, { ...reader, author: "ev`il" }) ?? "";
    expect(body).toContain("its author, `ev'il`, is not known to have `write` permission on this repository");
    expect(body).toContain("`automatic_reviews.min_author_permission: write`");
    expect(body).not.toMatch(/@ev/);
  });

  it("tells the Action's users to re-run the job first, as /review works there only when the workflow runs on comments", () => {
    const body = summaryWithNotAutomatic(undefined, { reason: "fork", ask: "rerun-job" }) ?? "";
    expect(body).toContain("A maintainer can re-run the workflow's job, or comment `/review` where the workflow runs on comments");
    expect(body).not.toContain("`/review full`");
  });

  it("keeps the state whole when the summary is at GitHub's limit", () => {
    const long = `${SUMMARY_MARKER}\n## pr-reviewer summary\n\n${"x".repeat(SUMMARY_LIMIT - 200)}\n\n${reviewed().slice(reviewed().indexOf("<!-- pr-reviewer:state="))}`;
    const body = summaryWithNotAutomatic(long, fork) ?? "";
    expect(body.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(decodeState(body)?.notAutomatic).toEqual(fork);
  });

  it("survives /pause and /resume, which change only their own notice", () => {
    const held = summaryWithNotAutomatic(reviewed(), fork) ?? "";
    const paused = summaryWithPause(held, { by: "maria", at: "2026-01-01T00:00:00Z" }) ?? "";
    expect(decodeState(paused)?.notAutomatic).toEqual(fork);
    expect(paused.match(NOTICE)).toHaveLength(1);
    const resumed = summaryWithPause(paused, undefined) ?? "";
    expect(decodeState(resumed)?.notAutomatic).toEqual(fork);
    expect(resumed.match(NOTICE)).toHaveLength(1);
  });
});

describe("what a review keeps of the notice", () => {
  const current = { version: 1 as const, findings: [], notAutomatic: fork, paused: { by: "maria", at: "2026-01-01T00:00:00Z" } };

  it("a review asked for (/review, a re-run) keeps it, and its summary repeats it once", () => {
    const state = nextState(report(), carriedState(current, false));
    expect(state.notAutomatic).toEqual(fork);
    expect(renderSummaryComment(report(), state).match(NOTICE)).toHaveLength(1);
  });

  it("an automatic review drops it: the repository's automatic_reviews let that push through", () => {
    const state = nextState(report(), carriedState(current, true));
    expect(state.notAutomatic).toBeUndefined();
    expect(state.paused).toEqual(current.paused);
    expect(renderSummaryComment(report(), state)).not.toMatch(NOTICE);
  });

  it("keeps nothing when the summary had nothing", () => {
    expect(carriedState(undefined, false)).toEqual({});
    expect(carriedState({ version: 1, findings: [] }, false)).toEqual({});
  });
});

describe("the check run of a push that is not reviewed automatically", () => {
  it("is skipped, says why and how a maintainer has it reviewed", () => {
    expect(checkRunOutputForNotAutomatic(fork)).toEqual({
      conclusion: "skipped",
      title: "Not reviewed automatically — comment /review",
      summary:
        "This commit was not reviewed: it comes from a fork, and this repository reviews pull requests from forks only when asked " +
        "(`automatic_reviews.forks: false`). A maintainer can comment `/review` to have the latest commit reviewed (`/review full` for the whole pull request).",
    });
    const action = checkRunOutputForNotAutomatic({ ...reader, ask: "rerun-job" });
    expect(action.title).toBe("Not reviewed automatically — re-run to review");
    expect(action.summary).toContain("`octocat`, is not known to have `write` permission");
    expect(action.summary).toContain("re-run the workflow's job");
  });
});
