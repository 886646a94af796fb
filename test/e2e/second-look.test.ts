import { describe, expect, it } from "vitest";
import { openAiError, textCompletion, toolCallCompletion, type ChatRequest } from "../helpers/fake-model.js";
import { isSecondLook } from "../helpers/model/second-look.js";
import { addEntriesPullRequest, CALLER_FINDING, offeredTools, THROW_FINDING, userText } from "./support/agentic-scenario.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();
const MINOR = { path: "src/entries.ts", line: 6, code: "  return value ?? fallback;", evidence: "`value` is never undefined here.", confidence: 0.7, severity: "minor", title: "Dead fallback", body: "`?? fallback` can never apply after the throw." };
const review = (): ReturnType<typeof toolCallCompletion> => toolCallCompletion("submit_review", { summary: "Changes readEntry.", findings: [CALLER_FINDING, THROW_FINDING, MINOR] });

async function metric(name: string): Promise<string[]> {
  const text = await (await fetch(`${fx.app.server.url}/metrics`, { headers: { connection: "close" } })).text();
  return text.split("\n").filter((line) => line.startsWith(name));
}

function posted(): string[] {
  return (fx.github.reviews[0]?.comments ?? []).map((c) => `${c.path}:${c.line}`).sort();
}

describe("a second look before posting", () => {
  it("posts the finding the model confirms with evidence, withdraws the one it does not, and says so", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: major\n");
    addEntriesPullRequest(fx.github);
    let verification: ChatRequest | undefined;
    fx.respond = (request) => {
      if (!isSecondLook(request)) return review();
      verification = request;
      // F1 (the callers, line 3) is confirmed; F2 (the throw, line 5) is not.
      return toolCallCompletion("submit_review", {
        summary: "F2 is intended: the description says missing keys must throw.",
        findings: [{ ...CALLER_FINDING, title: `F1: ${CALLER_FINDING.title}`, evidence: "src/api.ts:4 and src/jobs.ts:3 pass one argument." }],
      });
    };
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(2);
    // The verifier sees the findings at major and above, numbered, with the whole current file, and the tools.
    const shown = userText(verification);
    expect(shown).toContain("F1 · src/entries.ts:3 · major · Callers not updated for the new parameter");
    expect(shown).toContain("F2 · src/entries.ts:5 · critical · Missing keys now throw");
    expect(shown).not.toContain("Dead fallback");
    expect(shown).toContain("File: src/entries.ts (7 lines)");
    expect(shown).toContain("+  3 | export function readEntry(key: string, fallback: string): string {");
    expect(shown).toContain("   1 | import { store } from './store';");
    expect(offeredTools(verification)).toContain("read_file");

    expect(posted()).toEqual(["src/entries.ts:3", "src/entries.ts:6"]);
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("Second look at 2 findings (major or above) against the complete files: 1 confirmed, 1 withdrawn and not posted.");
    expect(summary).not.toContain("Missing keys now throw");
    const output = fx.github.checkRuns[0]?.output;
    expect(output?.title).toBe("2 findings (1 major, 1 minor)");
    expect(output?.summary).toContain("1 withdrawn and not posted");
    expect(output?.summary).toMatch(/in 2 calls taking/);
    expect(await metric("pr_reviewer_verified_findings_total{")).toEqual([
      'pr_reviewer_verified_findings_total{outcome="confirmed"} 1',
      'pr_reviewer_verified_findings_total{outcome="withdrawn"} 1',
      'pr_reviewer_verified_findings_total{outcome="failed"} 0',
    ]);
  });

  it("withdraws nothing when the second look fails, and says so in the summary and the check run", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: major\n");
    addEntriesPullRequest(fx.github);
    fx.respond = (request) => (isSecondLook(request) ? { status: 503, body: openAiError("overloaded", "server_error", null) } : review());
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(posted()).toEqual(["src/entries.ts:3", "src/entries.ts:5", "src/entries.ts:6"]);
    const line = "Second look failed for 2 findings (major or above) (the second look failed: the model endpoint failed (HTTP 503): overloaded): nothing was withdrawn; they are posted as found.";
    expect(fx.github.issueComments[0]?.body).toContain(line);
    expect(fx.github.checkRuns[0]?.output.summary).toContain(line);
    expect(fx.checkRunStates()).toEqual(["in_progress", "completed:neutral"]);
    expect(await metric('pr_reviewer_verified_findings_total{outcome="failed"}')).toEqual(['pr_reviewer_verified_findings_total{outcome="failed"} 2']);
  });

  it("withdraws nothing when the second look gives no usable answer", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: major\n");
    addEntriesPullRequest(fx.github);
    fx.respond = (request) => (isSecondLook(request) ? textCompletion("Both findings look wrong to me.") : review());
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests.filter(isSecondLook).length).toBeGreaterThan(0);
    expect(posted()).toEqual(["src/entries.ts:3", "src/entries.ts:5", "src/entries.ts:6"]);
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toMatch(/Second look failed for 2 findings \(major or above\) \(.+\): nothing was withdrawn; they are posted as found\./);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("nothing was withdrawn; they are posted as found.");
  });

  it("is on by default for major findings, and never adds a finding the review did not make", async () => {
    fx.github.removeFile(OWNER, REPO, ".github/pr-reviewer.yml");
    addEntriesPullRequest(fx.github);
    fx.respond = (request) =>
      isSecondLook(request)
        ? toolCallCompletion("submit_review", {
            summary: "Both hold; and one more.",
            findings: [
              { ...THROW_FINDING, title: `F2: ${THROW_FINDING.title}` },
              { ...CALLER_FINDING, title: `F1: ${CALLER_FINDING.title}` },
              { path: "src/entries.ts", line: 1, severity: "critical", title: "A new problem", body: "Not in the list." },
            ],
          })
        : review();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    expect(fx.model.chatRequests.filter(isSecondLook)).toHaveLength(1);
    expect(posted()).toEqual(["src/entries.ts:3", "src/entries.ts:5", "src/entries.ts:6"]);
    expect(fx.github.issueComments[0]?.body).toContain("Second look at 2 findings (major or above) against the complete files: 2 confirmed, 0 withdrawn and not posted.");
    expect(fx.github.issueComments[0]?.body).not.toContain("A new problem");
  });

  it("gives the findings no second look with verify: off", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "verify: off\n");
    addEntriesPullRequest(fx.github);
    fx.respond = () => review();
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    expect(fx.model.chatRequests).toHaveLength(1);
    expect(posted()).toHaveLength(3);
    expect(fx.github.issueComments[0]?.body).not.toContain("Second look");
  });
});
