import { describe, expect, it } from "vitest";
import { textCompletion, toolCallCompletion, type ChatRequest } from "../helpers/fake-model.js";
import { addBigPullRequest, findingFor, partOf } from "./support/big-pull-request.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, prPayload } from "./support/scenario.js";

const fx = useE2EFixture();

/** The repair turn resends the prompt with the model's answer and the correction request after it. */
const isRepair = (request: ChatRequest): boolean => request.messages.length > 2;

describe("the tokens of a part that failed after answers", () => {
  it("count in the check run, the summary comment and the metrics", async () => {
    addBigPullRequest(fx.github);
    fx.respond = (request) => {
      if (partOf(request) !== 2) return findingFor(request);
      return isRepair(request)
        ? textCompletion("Still nothing to report.", "stop", { promptTokens: 1100, completionTokens: 7 })
        : textCompletion("Nothing to report.", "stop", { promptTokens: 1000, completionTokens: 5 });
    };
    await fx.start({ MODEL_PROMPT_BUDGET_TOKENS: "6000", REVIEW_PART_CONCURRENCY: "3" });
    await fx.app.deliver("pull_request", prPayload("opened", { number: 9, title: "Big", body: "" }));
    await fx.app.idle();

    const requests = fx.model.chatRequests;
    expect(requests.filter((r) => partOf(r) === 2).map(isRepair)).toEqual([false, true]);
    const goodParts = requests.length - 2;
    expect(goodParts).toBeGreaterThanOrEqual(3);
    const tokensIn = goodParts * 1000 + 2100;
    const tokensOut = goodParts * 50 + 12;

    const summary = fx.github.checkRuns[0]?.output.summary ?? "";
    expect(summary).toContain("The model call failed for 1 part of the diff: the model answered without calling submit_review; still after a repair turn");
    expect(summary).toMatch(new RegExp(`Model tokens: ${tokensIn} in, ${tokensOut} out, in ${requests.length} calls taking \\d+\\.\\d s of model time\\.`));
    expect(fx.github.issueComments[0]?.body).toContain(`${tokensIn.toLocaleString("en-US")} tokens in, ${tokensOut.toLocaleString("en-US")} out`);

    const metrics = await (await fetch(`${fx.app.server.url}/metrics`, { headers: { connection: "close" } })).text();
    expect(metrics).toContain(`pr_reviewer_model_tokens_total{direction="in"} ${tokensIn}`);
    expect(metrics).toContain(`pr_reviewer_model_tokens_total{direction="out"} ${tokensOut}`);
    expect(metrics).toContain('pr_reviewer_model_call_errors_total{kind="bad_output"} 1');
  });
});

describe("a repair turn the review deadline cuts short", () => {
  const finding = { path: "src/cache.ts", line: 10, evidence: "`cache.get(key)!` on a miss.", confidence: 0.9, severity: "major", body: "Crashes on a cache miss." };

  it("posts the first answer's valid findings and says the repair was cut short", async () => {
    addCachePullRequest(fx.github);
    const answer = { summary: "Two findings.", findings: [finding, { ...finding, line: "ten" }] };
    fx.respond = (request) => (isRepair(request) ? "hang" : toolCallCompletion("submit_review", answer, { promptTokens: 1200, completionTokens: 90 }));
    await fx.start({ REVIEW_TIMEOUT_MS: "500" });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.status)).toEqual([200, "aborted"]);
    expect(fx.github.reviews[0]?.comments.map((c) => c.line)).toEqual([10]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    const summary = fx.github.checkRuns[0]?.output.summary ?? "";
    expect(summary).toContain(
      "**1 finding from the model could not be used** (no file, line or explanation, even after mending) and was dropped (finding 1: line: Invalid input: expected number, received string " +
        "(not corrected: the repair turn was cut short: the review's time limit (REVIEW_TIMEOUT_MS, 500 ms) ran out)).",
    );
    expect(summary).toMatch(/Model tokens: 1200 in, 90 out, in 1 call taking/);
  });
});
