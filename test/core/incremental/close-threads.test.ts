import { describe, expect, it } from "vitest";
import { CLOSED_MARKER, closeAddressedThreads } from "../../../src/core/incremental/close-threads.js";
import type { TrackedFinding } from "../../../src/core/incremental/review-state.js";
import type { ExistingReviewComment, PullRequestHost, ThreadResolution } from "../../../src/core/ports.js";

const finding: TrackedFinding = { fingerprint: "0000000000abcd", severity: "major", path: "a.ts", side: "RIGHT", line: 3, title: "t" };
const marker = "<!-- pr-reviewer:fp=0000000000abcd -->";

function recordingHost(resolution: ThreadResolution = "resolved"): { host: PullRequestHost; calls: string[] } {
  const calls: string[] = [];
  const unused = (): never => {
    throw new Error("not used by closeAddressedThreads");
  };
  const host: PullRequestHost = {
    listFiles: unused, readFiles: unused, startCheckRun: unused, completeCheckRun: unused, postReview: unused, reportProgress: unused, postReviewComment: unused,
    compareWithHead: unused, findSummaryComment: unused, writeSummaryComment: unused, listReviewComments: unused,
    async replyToReviewComment(id, body) {
      calls.push(`reply ${id}: ${body.split("\n", 1)[0] ?? ""}`);
    },
    async resolveReviewThread(id) {
      calls.push(`resolve ${id}`);
      return resolution;
    },
  };
  return { host, calls };
}

const log = { info: () => {}, warn: () => {}, error: () => {} };

describe("closeAddressedThreads", () => {
  it("answers and resolves our own thread, and leaves a human's comment with the same marker alone", async () => {
    const comments: ExistingReviewComment[] = [
      { id: 1, body: `ours ${marker}`, byBot: true },
      { id: 2, body: `a human quoting ${marker}`, byBot: false },
    ];
    const { host, calls } = recordingHost();
    const closed = await closeAddressedThreads(host, log, [{ finding, reason: "rewritten" }], comments, "c".repeat(40));
    expect(calls).toEqual(["reply 1: This was addressed in ccccccc: the lines this comment pointed at have changed.", "resolve 1"]);
    expect(closed).toEqual([{ commentId: 1, resolution: "resolved" }]);
  });

  it("says outdated for a file that left the pull request, and skips a thread it already answered", async () => {
    const { host, calls } = recordingHost();
    await closeAddressedThreads(host, log, [{ finding, reason: "removed" }], [{ id: 1, body: marker, byBot: true }], "c".repeat(40));
    expect(calls[0]).toBe("reply 1: Outdated: `a.ts` is no longer changed by this pull request as of ccccccc.");

    const again = recordingHost();
    const answered: ExistingReviewComment[] = [{ id: 1, body: marker, byBot: true }, { id: 5, body: `done\n\n${CLOSED_MARKER}`, byBot: true, inReplyTo: 1 }];
    await closeAddressedThreads(again.host, log, [{ finding, reason: "rewritten" }], answered, "c".repeat(40));
    expect(again.calls).toEqual([]);
  });
});
