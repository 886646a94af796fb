import { describe, expect, it } from "vitest";
import { openAiError, textCompletion, toolCallCompletion, type ChatRequest, type FinishReason } from "../helpers/fake-model.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, prPayload } from "./support/scenario.js";

const fx = useE2EFixture();

const miss = { path: "src/cache.ts", line: 10, evidence: "`cache.get(key)!` on a miss.", confidence: 0.9, severity: "major", title: "Crash on a cache miss", body: "`get` returns undefined for a missing key." };
const assignment = { path: "src/cache.ts", line: 21, evidence: "`entry = null` assigns.", confidence: 0.95, severity: "critical", title: "Assignment in a condition", body: "`if (entry = null)` is always false and clears `entry`." };
const whole = JSON.stringify({ summary: "Adds a cache.", findings: [miss, assignment] });
/** The submit_review arguments cut inside the second finding, as a server that hit max_tokens sends them. */
const cutInSecond = whole.slice(0, whole.indexOf("is always false"));

const isFollowUp = (request: ChatRequest): boolean => request.messages.length > 2;
const lastMessage = (request: ChatRequest | undefined): string => {
  const content = request?.messages.at(-1)?.["content"];
  return typeof content === "string" ? content : "";
};
const cutCall = (finishReason: FinishReason): ReturnType<typeof toolCallCompletion> => toolCallCompletion("submit_review", null, { argumentsText: cutInSecond, finishReason });

describe("a submit_review answer cut off mid-JSON", () => {
  it.each(["length", "stop"] as const)("with finish_reason %s: both findings are posted after the continuation, and the review reads complete", async (finishReason) => {
    addCachePullRequest(fx.github);
    fx.respond = (request) => (isFollowUp(request) ? toolCallCompletion("submit_review", { summary: "", findings: [assignment] }) : cutCall(finishReason));
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(2);
    expect(lastMessage(fx.model.chatRequests[1])).toContain("- 1 complete finding, kept:\n- `src/cache.ts:10` (major) Crash on a cache miss");
    expect(fx.github.reviews[0]?.comments.map((c) => c.line).sort()).toEqual([10, 21]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    const output = fx.github.checkRuns[0]?.output;
    expect(output?.title).toBe("2 findings (1 critical, 1 major)");
    expect(output?.summary).not.toContain("incomplete");
    expect(output?.summary).toMatch(/in 2 calls taking/);
    expect(fx.github.issueComments[0]?.body).not.toContain("[!WARNING]");
  });

  it("when the continuation fails: the whole finding is posted, and the check run says the answer stayed incomplete, not success", async () => {
    addCachePullRequest(fx.github);
    fx.respond = (request) => (isFollowUp(request) ? { status: 500, body: openAiError("upstream crashed", "server_error", null) } : cutCall("length"));
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.reviews[0]?.comments.map((c) => c.line)).toEqual([10]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    const output = fx.github.checkRuns[0]?.output;
    expect(output?.title).toBe("1 finding (1 major); the model's answer stayed incomplete");
    expect(output?.summary).toContain(
      "**The model's answer stayed incomplete** for 1 part of the diff (`docs/README.md`, `src/cache.ts`): the answer reached the output limit (max_tokens); " +
        "the continuation turn failed: the model endpoint failed (HTTP 500): upstream crashed. Its complete findings are posted; findings it did not give are missing.",
    );
    const summaryComment = fx.github.issueComments[0]?.body ?? "";
    expect(summaryComment).toContain("> **This review is not complete:** the model's answer stayed incomplete.");
    expect(fx.github.reviews[0]?.body).toContain("**Not a complete review:** The model's answer stayed incomplete.");
  });

  it("when nothing whole arrived and the continuation fails: no all-clear", async () => {
    addCachePullRequest(fx.github);
    fx.respond = (request) =>
      isFollowUp(request) ? { status: 500, body: openAiError("upstream crashed", "server_error", null) } : toolCallCompletion("submit_review", null, { argumentsText: whole.slice(0, 60), finishReason: "length" });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.github.reviews).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("The model's answer stayed incomplete");
  });
});

describe("findings with cosmetic defects", () => {
  it("are posted mended, titles over 200 characters shortened, without a repair turn", async () => {
    addCachePullRequest(fx.github);
    const longTitle = (start: string): string => `${start} ${"because the value read from the cache is never checked before it is used ".repeat(4)}`.slice(0, 250);
    fx.respond = () =>
      toolCallCompletion("submit_review", {
        summary: "Two bugs.",
        findings: [
          { ...miss, title: longTitle("Crash on a cache miss"), severity: "High" },
          { ...assignment, title: longTitle("Assignment in a condition"), severity: "CRITICAL", category: "bug" },
        ],
      });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(1);
    const comments = fx.github.reviews[0]?.comments ?? [];
    expect(comments.map((c) => c.line).sort()).toEqual([10, 21]);
    for (const comment of comments) {
      const heading = comment.body.split("\n", 1)[0] ?? "";
      expect(heading).toMatch(/^(🔴 \*\*Critical\*\* Assignment in a condition|🟠 \*\*Major\*\* Crash on a cache miss) because .*…$/);
      expect(heading.length).toBeLessThan(230);
    }
    expect(fx.github.checkRuns[0]?.output.title).toBe("2 findings (1 critical, 1 major)");
    expect(fx.github.checkRuns[0]?.output.summary).not.toContain("could not be used");
  });
});

describe("a finding that cannot be used", () => {
  it("makes the check run say so in its title, and it is never an all-clear", async () => {
    addCachePullRequest(fx.github);
    const noLine = { path: "src/cache.ts", severity: "major", title: "Somewhere", body: "A bug somewhere in this file." };
    fx.respond = () => toolCallCompletion("submit_review", { summary: "One vague finding.", findings: [noLine] });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    // The repair turn came back the same: the finding stays dropped.
    expect(fx.model.chatRequests).toHaveLength(2);
    expect(fx.github.reviews).toEqual([]);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    const output = fx.github.checkRuns[0]?.output;
    expect(output?.title).toBe("1 finding could not be used");
    expect(output?.summary).toContain("**1 finding from the model could not be used** (no file, line or explanation, even after mending) and was dropped (finding 0: line: ");
    expect(fx.github.issueComments[0]?.body).toContain("> **This review is not complete:** 1 finding could not be used.");
  });

  it("leaves the check run a success when the answer has nothing wrong and no findings", async () => {
    addCachePullRequest(fx.github);
    fx.respond = () => textCompletion('{"summary": "Fine.", "findings": []}');
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:success"]);
    expect(fx.github.checkRuns[0]?.output.title).toBe("No issues found");
  });
});
