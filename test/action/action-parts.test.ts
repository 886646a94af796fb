import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readActionEvent } from "../../src/action/action-event.js";
import { actionInput, readActionInputs } from "../../src/action/action-inputs.js";
import { STEP_SUMMARY_LIMIT, writeOutputs, writeStepSummary } from "../../src/action/runner-files.js";
import { annotation, debugLine } from "../../src/action/workflow-commands.js";
import { parseAppSettings } from "../../src/config/env.js";
import { examplePayload } from "../helpers/webhooks/examples.js";
import { pullRequestPayload } from "../helpers/webhooks/pull-request-payload.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the action's inputs", () => {
  it("are read as the runner sets them (INPUT_ and the upper-cased name), an empty one counting as not given", () => {
    expect(actionInput({ INPUT_FAIL_ON: " major " }, "fail_on")).toBe("major");
    expect(actionInput({ INPUT_MY_INPUT: "x" }, "my input")).toBe("x");
    expect(actionInput({ "INPUT_MY-INPUT": "y" }, "my-input")).toBe("y");
    expect(actionInput({ INPUT_FAIL_ON: "" }, "fail_on")).toBeUndefined();
  });

  it("win over the App's variables, which still work for anything not given (so env: blocks work)", () => {
    const { inputs, problems } = readActionInputs({
      INPUT_GITHUB_TOKEN: "ghs_input",
      INPUT_OPENAI_MODEL: "my/model",
      INPUT_OPENAI_BASE_URL: "",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_API_KEY: "from-env",
      INPUT_CONFIG_PATH: "./config/review.yml",
      INPUT_FAIL_ON: "minor",
    });
    expect(problems).toEqual([]);
    expect(inputs).toMatchObject({ githubToken: "ghs_input", failOn: "minor", configPath: "config/review.yml" });
    const settings = parseAppSettings(inputs?.modelEnv ?? {}).settings;
    expect(settings?.model).toMatchObject({ baseUrl: "http://127.0.0.1:9/v1", apiKey: "from-env", name: "my/model" });
  });

  it("fall back to GITHUB_TOKEN and the default config path, and leave fail_on to the repository config", () => {
    const { inputs } = readActionInputs({ GITHUB_TOKEN: "ghs_env", INPUT_OPENAI_API_KEY: "k" });
    expect(inputs).toMatchObject({ githubToken: "ghs_env", configPath: ".github/pr-reviewer.yml" });
    expect(inputs?.failOn).toBeUndefined();
    expect(inputs?.modelEnv["OPENAI_API_KEY"]).toBe("k");
  });

  it("report every mistake at once", () => {
    const { inputs, problems } = readActionInputs({ INPUT_FAIL_ON: "high", INPUT_CONFIG_PATH: "../secrets.yml" });
    expect(inputs).toBeUndefined();
    expect(problems).toEqual([
      expect.stringContaining("github_token: no token"),
      'fail_on must be one of critical, major, minor, nit, never (got "high")',
      'config_path: "../secrets.yml" is not a path inside the repository (e.g. .github/pr-reviewer.yml)',
    ]);
  });
});

describe("the event a workflow run is about", () => {
  const opened = pullRequestPayload("opened", { owner: "octo-org", repo: "widgets", number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40), installationId: 1, title: "Cache", body: null });

  it("is the same pull request for pull_request and pull_request_target", () => {
    for (const name of ["pull_request", "pull_request_target"]) {
      expect(readActionEvent(name, opened)).toEqual({
        kind: "pull-request", owner: "octo-org", repo: "widgets", number: 7, action: "opened",
        pullRequest: { title: "Cache", body: "", headSha: "a".repeat(40), baseSha: "b".repeat(40), draft: false, author: "Codertocat", fromFork: false },
      });
    }
  });

  it("knows who opened it and whether it comes from a fork, a deleted fork included, for automatic_reviews", () => {
    const options = { owner: "octo-org", repo: "widgets", number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40), installationId: 1, author: "stranger" };
    const fromFork = readActionEvent("pull_request_target", pullRequestPayload("opened", { ...options, headRepo: { owner: "stranger", repo: "widgets" } }));
    expect(fromFork).toMatchObject({ pullRequest: { author: "stranger", fromFork: true } });
    const deletedFork = readActionEvent("pull_request_target", pullRequestPayload("synchronize", { ...options, headRepo: null }));
    expect(deletedFork).toMatchObject({ pullRequest: { fromFork: true } });
    expect(readActionEvent("pull_request", pullRequestPayload("opened", options))).toMatchObject({ pullRequest: { author: "stranger", fromFork: false } });
  });

  it("is nothing to review for other actions, closed pull requests and other events, with the reason", () => {
    const closed = pullRequestPayload("closed", { owner: "o", repo: "r", number: 1, headSha: "a".repeat(40), baseSha: "b".repeat(40), installationId: 1 });
    expect(readActionEvent("pull_request", closed)).toEqual({ kind: "ignored", reason: expect.stringContaining("pull_request.closed brings no new code") });
    expect(readActionEvent("pull_request", { ...opened, pull_request: { ...opened.pull_request, state: "closed" } })).toEqual({ kind: "ignored", reason: "pull request #7 is closed" });
    expect(readActionEvent("push", { ref: "refs/heads/main" })).toEqual({ kind: "ignored", reason: expect.stringContaining("this run is for push") });
  });

  const person = { login: "maria", id: 31, type: "User" };
  const issueComment = (body: string, user: object | null = person, sender: object = person): Record<string, unknown> => {
    const example = examplePayload("issue_comment", "created");
    return {
      ...example,
      issue: { ...(example["issue"] as object), number: 7, user: { login: "octocat", id: 1, type: "User" }, pull_request: { url: "https://api.github.com/repos/o/r/pulls/7" } },
      comment: { ...(example["comment"] as object), id: 900, body, user },
      sender,
    };
  };

  it("is a person's comment on a pull request for issue_comment.created, as the engine's comment job takes it", () => {
    expect(readActionEvent("issue_comment", issueComment("/review full"))).toEqual({
      kind: "comment", owner: "Codertocat", repo: "Hello-World", number: 7,
      comment: { kind: "issue", id: 900, body: "/review full", author: { login: "maria", id: 31, type: "User" }, pullRequestAuthor: "octocat" },
    });
    expect(readActionEvent("issue_comment", { ...issueComment("/help"), action: "edited" })).toEqual({ kind: "ignored", reason: "issue_comment.edited: only new comments can be commands" });
    const onIssue = issueComment("/help");
    onIssue["issue"] = { ...(onIssue["issue"] as object), pull_request: undefined };
    expect(readActionEvent("issue_comment", onIssue)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("is an issue, not a pull request") });
  });

  it("is nothing, before any API call, for a bot's comment, a deleted account's, and a comment that can hold no command", () => {
    const actions = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
    expect(readActionEvent("issue_comment", issueComment("/review", actions, actions))).toEqual({
      kind: "ignored", reason: "comment 900 is by a bot (github-actions[bot]); pr-reviewer never answers bots",
    });
    expect(readActionEvent("issue_comment", issueComment("/review", person, { login: "helper[bot]", id: 5, type: "User" }))).toMatchObject({ kind: "ignored", reason: expect.stringContaining("helper[bot]") });
    expect(readActionEvent("issue_comment", issueComment("/review", null))).toEqual({ kind: "ignored", reason: "comment 900 is by a deleted account" });
    expect(readActionEvent("issue_comment", issueComment("Looks good to me."))).toEqual({ kind: "ignored", reason: "comment 900 holds no command, mention or reply in a review thread" });
  });

  it("is a review comment for pull_request_review_comment.created: a reply in a thread keeps its thread, any reply may be for us", () => {
    const example = examplePayload("pull_request_review_comment", "created");
    const pull = { ...(example["pull_request"] as object), number: 7, user: { login: "octocat", id: 1, type: "User" } };
    const reply = { ...example, pull_request: pull, comment: { ...(example["comment"] as object), id: 950, body: "Why?", user: person, in_reply_to_id: 940 }, sender: person };
    expect(readActionEvent("pull_request_review_comment", reply)).toEqual({
      kind: "comment", owner: "Codertocat", repo: "Hello-World", number: 7,
      comment: { kind: "review", id: 950, body: "Why?", author: person, pullRequestAuthor: "octocat", inReplyTo: 940 },
    });
    const newThread = { ...reply, comment: { ...reply.comment, in_reply_to_id: undefined } };
    expect(readActionEvent("pull_request_review_comment", newThread)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("holds no command") });
    expect(readActionEvent("pull_request_review_comment", { ...reply, action: "edited" })).toMatchObject({ kind: "ignored" });
  });

  it("refuses a payload that is not what the event name says", () => {
    expect(() => readActionEvent("pull_request", { action: "opened" })).toThrow(/the pull_request event payload is not a pull request event: repository/);
  });
});

describe("workflow commands and runner files", () => {
  it("escape text so a pull request's words cannot end a command or start another", () => {
    expect(annotation("error", "50% done\nline2\r")).toBe("::error::50%25 done%0Aline2%0D");
    expect(annotation("warning", "m", { title: "a:b,c", file: "src/x.ts", line: 3, endLine: 4 })).toBe("::warning title=a%3Ab%2Cc,file=src/x.ts,line=3,endLine=4::m");
    expect(debugLine("x\n::error::forged")).toBe("::debug::x%0A::error::forged");
  });

  it("append the job summary within GitHub's 1 MiB, and set outputs with a delimiter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-runner-"));
    dirs.push(dir);
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "earlier step\n");
    await writeStepSummary(summary, "## pr-reviewer\n");
    expect(readFileSync(summary, "utf8")).toBe("earlier step\n## pr-reviewer\n");
    const big = join(dir, "big.md");
    await writeStepSummary(big, "é".repeat(STEP_SUMMARY_LIMIT));
    const written = readFileSync(big);
    expect(written.length).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(written.toString("utf8")).toMatch(/shortened: GitHub shows at most 1 MiB/);
    const output = join(dir, "output");
    await writeOutputs(output, { findings: "3", conclusion: "failure" });
    expect(readFileSync(output, "utf8")).toMatch(/^findings<<(ghadelimiter_[0-9a-f-]+)\n3\n\1\nconclusion<<(ghadelimiter_[0-9a-f-]+)\nfailure\n\2\n$/);
  });
});
