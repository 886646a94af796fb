import { describe, expect, it } from "vitest";
import { openAiError, textCompletion, toolCallCompletion } from "../helpers/fake-model.js";
import { addBigPullRequest, findingFor, partOf } from "./support/big-pull-request.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, prPayload } from "./support/scenario.js";

const fx = useE2EFixture();


describe("model calls of one review", () => {
  it("reviews the parts in parallel up to REVIEW_PART_CONCURRENCY, posts what succeeded and names the part that failed", async () => {
    addBigPullRequest(fx.github);
    // The first three requests are held until all three have arrived: a review that called one part at a time
    // would never get there.
    let arrived = 0;
    let releaseAll = (): void => undefined;
    const allThree = new Promise<void>((resolve) => (releaseAll = resolve));
    let inFlight = 0;
    let mostInFlight = 0;
    fx.respond = async (request) => {
      arrived += 1;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (arrived === 3) releaseAll();
      if (arrived <= 3) await allThree;
      inFlight -= 1;
      if (partOf(request) === 2) return { status: 500, body: openAiError("upstream crashed", "server_error", null) };
      return findingFor(request);
    };
    // Without the repository tools, whose room would split the diff into more parts than there are comment slots.
    await fx.start({ MODEL_PROMPT_BUDGET_TOKENS: "6000", REVIEW_PART_CONCURRENCY: "3", MODEL_AGENTIC: "false" });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 9, title: "Big", body: "" }));
    await fx.app.idle();

    const parts = fx.model.chatRequests.length;
    expect(parts).toBeGreaterThanOrEqual(4);
    expect(mostInFlight).toBe(3);
    expect(fx.model.requests.filter((r) => r.status === 500)).toHaveLength(1);
    const review = fx.github.reviews[0];
    expect(review?.comments).toHaveLength(parts - 1);
    const summaryComment = fx.github.issueComments[0]?.body ?? "";
    expect(summaryComment).toContain("### Not reviewed because the model call failed");
    expect(summaryComment).toMatch(/the model endpoint failed \(HTTP 500\): upstream crashed/);
    // Summaries keep the parts' order, whatever order the calls finished in.
    const summaries = [...summaryComment.matchAll(/^Part (\d+)\.$/gm)].map((m) => Number(m[1]));
    expect(summaries).toEqual([...summaries].sort((a, b) => a - b));
    expect(summaries).not.toContain(2);

    // Progress updates between the parts, then one completion.
    expect(fx.checkRunStates()).toEqual(["in_progress", ...Array.from({ length: parts - 1 }, () => "in_progress"), "completed:neutral"]);
    const summary = fx.github.checkRuns[0]?.output.summary ?? "";
    expect(summary).toContain("The model call failed for 1 part of the diff");
    expect(summary).toMatch(new RegExp(`Model tokens: ${(parts - 1) * 1000} in, ${(parts - 1) * 50} out, in ${parts - 1} calls taking \\d+\\.\\d s of model time\\.`));
  });

  it("keeps the parts done when REVIEW_TIMEOUT_MS passes and reports the others, stopping their calls", async () => {
    addBigPullRequest(fx.github);
    fx.respond = (request) => (partOf(request) === 1 ? "hang" : findingFor(request));
    await fx.start({ MODEL_PROMPT_BUDGET_TOKENS: "6000", REVIEW_PART_CONCURRENCY: "8", REVIEW_TIMEOUT_MS: "1000", MODEL_AGENTIC: "false" });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 9, title: "Big", body: "" }));
    await fx.app.idle();

    const parts = fx.model.chatRequests.length;
    expect(fx.model.hanging).toBe(0);
    expect(fx.model.requests.filter((r) => r.status === "aborted")).toHaveLength(1);
    const review = fx.github.reviews[0];
    expect(review?.comments).toHaveLength(parts - 1);
    expect(fx.github.issueComments[0]?.body).toContain("the review's time limit (REVIEW_TIMEOUT_MS, 1000 ms) ran out before this part was reviewed");
    expect(fx.checkRunStates()).toEqual(["in_progress", ...Array.from({ length: parts - 1 }, () => "in_progress"), "completed:neutral"]);
  });

  it("ends the check run as timed out, saying why, when the deadline passes before any part is done", async () => {
    addCachePullRequest(fx.github);
    fx.respond = () => "hang";
    await fx.start({ REVIEW_TIMEOUT_MS: "200" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.reviews).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:timed_out"]);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("The review did not finish in time: the review's time limit (REVIEW_TIMEOUT_MS, 200 ms) ran out");
  });
});

describe("answers that need a second look", () => {
  const finding = { path: "src/cache.ts", line: 10, evidence: "`cache.get(key)!` on a miss.", confidence: 0.9, severity: "major", body: "Crashes on a cache miss." };

  it("turns a plain-text answer into a review through the repair turn", async () => {
    addCachePullRequest(fx.github);
    fx.respond = (_request, index) => (index === 0 ? textCompletion("Line 10 crashes on a cache miss.") : toolCallCompletion("submit_review", { summary: "One bug.", findings: [finding] }));
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.reviews[0]?.comments.map((c) => c.line)).toEqual([10]);
    expect(fx.github.checkRuns[0]?.output.summary).toMatch(/in 2 calls taking/);
  });

  it("posts the valid findings and says in the check run how many were dropped when the repair does not fix them", async () => {
    addCachePullRequest(fx.github);
    const answer = { summary: "Two findings.", findings: [finding, { ...finding, line: "ten" }] };
    fx.respond = () => toolCallCompletion("submit_review", answer);
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.reviews[0]?.comments.map((c) => c.line)).toEqual([10]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("1 finding (1 major); 1 finding could not be used");
    expect(fx.github.checkRuns[0]?.output.summary).toContain(
      "**1 finding from the model could not be used** (no file, line or explanation, even after mending) and was dropped (finding 1: line: Invalid input: expected number, received string).",
    );
  });

  it("gives the same review with MODEL_STREAM=true", async () => {
    addCachePullRequest(fx.github);
    fx.respond = () => toolCallCompletion("submit_review", { summary: "One bug.", findings: [finding] });
    await fx.start({ MODEL_STREAM: "true" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests[0]).toMatchObject({ stream: true });
    expect(fx.github.reviews[0]?.comments.map((c) => ({ path: c.path, line: c.line }))).toEqual([{ path: "src/cache.ts", line: 10 }]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
  });
});
