import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeModel, toolCallCompletion, type FakeModel, type Respond } from "../helpers/fake-model.js";
import { sarifSchemaErrors } from "../helpers/sarif-schema.js";
import { GIT_TEST_ENV, type TempRepo } from "../helpers/temp-repo.js";
import { cacheRepo, FINDINGS } from "./support/cache-repo.js";
import { runCliInProcess, type CliRun } from "./support/run-cli.js";

const MODEL_KEY = "sk-cli-model-key-123456";

// The command runs git with the process's environment: no machine config in tests.
Object.assign(process.env, GIT_TEST_ENV);

let model: FakeModel;
let respond: Respond;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  respond = () => toolCallCompletion("submit_review", { summary: "Adds a cache in front of the store.", findings: FINDINGS });
  model = await startFakeModel((request, index) => respond(request, index), { apiKey: MODEL_KEY });
});

afterEach(async () => {
  await model.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(): TempRepo {
  const created = cacheRepo();
  cleanups.push(() => created.remove());
  return created;
}

function modelEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: MODEL_KEY, MODEL_MAX_RETRIES: "0", MODEL_TIMEOUT_MS: "10000", REVIEW_PART_CONCURRENCY: "1", ...extra };
}

function review(cwd: string, argv: readonly string[], options: { env?: Record<string, string>; stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  return runCliInProcess(["review", ...argv], { cwd, env: options.env ?? modelEnv(), ...(options.stdin === undefined ? {} : { stdin: options.stdin }), ...(options.tty === undefined ? {} : { tty: options.tty }) });
}

const EXPECTED_JSON_FINDINGS = [
  { path: "src/cache.ts", line: 10, side: "RIGHT", severity: "major", title: "Non-null assertion on a cache miss", body: "`get` returns undefined for a missing key.", suggestion: "return cache.get(key) ?? load(key);" },
  { path: "src/cache.ts", line: 22, start_line: 21, side: "RIGHT", severity: "minor", title: "Assignment instead of comparison", body: "`entry = null` assigns." },
];

describe("pr-reviewer review on a git repository", () => {
  it("reviews the branch against main and prints one JSON object on stdout, nothing else", async () => {
    const r = repo();
    const run = await review(r.dir, ["--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toEqual({
      findings: EXPECTED_JSON_FINDINGS,
      summary: "Adds a cache in front of the store.",
      files: { reviewed: ["src/cache.ts"], skipped: [] },
      // The review, then the second look at its major finding.
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number), model_calls: 2 },
    });
    // What the model saw: the branch's commit, its diff with surrounding code from the commit.
    const user = String(model.chatRequests[0]?.messages.find((m) => m.role === "user")?.["content"] ?? "");
    expect(user).toContain("Cache lookups");
    expect(user).toContain("File: src/cache.ts [modified]");
    expect(user).toContain("return cache.get(key)!;");
  });

  it("exits 1 when a finding is at or above --fail-on, 0 when none is", async () => {
    const r = repo();
    expect((await review(r.dir, ["--format", "json", "--fail-on", "major"])).exitCode).toBe(1);
    expect((await review(r.dir, ["--format", "json", "--fail-on", "minor"])).exitCode).toBe(1);
    expect((await review(r.dir, ["--format", "json", "--fail-on", "critical"])).exitCode).toBe(0);
  });

  it("reviews the commits since another base with --base", async () => {
    const r = repo();
    r.write("src/later.ts", "export const later = 1;\n");
    r.commit("Later");
    const run = await review(r.dir, ["--base", "HEAD~1", "--format", "json"]);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { files: { reviewed: string[] } }).files.reviewed).toEqual(["src/later.ts"]);
  });

  it("reviews the index with --staged, and only the index", async () => {
    const r = repo();
    r.write("src/staged.ts", "export const staged = 1;\n");
    r.git("add", "src/staged.ts");
    r.write("src/unstaged.ts", "export const unstaged = 1;\n");
    const run = await review(r.dir, ["--staged", "--format", "json"]);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { files: { reviewed: string[] } }).files.reviewed).toEqual(["src/staged.ts"]);
  });

  it("reviews a diff from a file or from standard input with --diff", async () => {
    const r = repo();
    const diff = r.git("diff", "main", "cache");
    r.git("checkout", "--quiet", "main");
    const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-diff-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "change.diff"), diff);
    const fromFile = await review(r.dir, ["--diff", join(dir, "change.diff"), "--format", "json"]);
    expect(fromFile.exitCode).toBe(0);
    expect((JSON.parse(fromFile.stdout) as { findings: unknown[] }).findings).toEqual(EXPECTED_JSON_FINDINGS);
    // Outside any repository too.
    const fromStdin = await review(dir, ["--diff", "-", "--format", "json", "--fail-on", "nit"], { stdin: diff });
    expect(fromStdin.exitCode).toBe(1);
    expect((JSON.parse(fromStdin.stdout) as { findings: unknown[] }).findings).toEqual(EXPECTED_JSON_FINDINGS);
  });

  it("prints SARIF 2.1.0 that the official schema accepts", async () => {
    const run = await review(repo().dir, ["--format", "sarif"]);
    expect(run.exitCode).toBe(0);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { name: string } }; results: { ruleId: string; locations: unknown[]; partialFingerprints: Record<string, string> }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.tool.driver.name).toBe("pr-reviewer");
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(["pr-reviewer/major", "pr-reviewer/minor"]);
    expect(log.runs[0]?.results[1]?.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "src/cache.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 21, endLine: 22 } } }]);
    expect(log.runs[0]?.results[0]?.partialFingerprints["primaryLocationLineHash"]).toMatch(/^[0-9a-f]{14}$/);
  });

  it("prints Markdown, and pretty text without colours when stdout is not a terminal", async () => {
    const r = repo();
    const markdown = await review(r.dir, ["--format", "markdown"]);
    expect(markdown.stdout).toMatch(/^## pr-reviewer: cache against main \(merge-base [0-9a-f]{7}, 1 commit\)\n/);
    expect(markdown.stdout).toContain("#### 🟡 **Minor** `src/cache.ts:21-22` — Assignment instead of comparison");
    const pretty = await review(r.dir, []);
    expect(pretty.stdout).not.toContain("\u001b[");
    expect(pretty.stdout).toContain("src/cache.ts\n  10      major    Non-null assertion on a cache miss");
    expect(pretty.stdout).toContain("2 findings (1 major, 1 minor) in 1 file reviewed");
    expect(pretty.stderr).toBe("");
  });

  it("shows progress on stderr and colours on stdout only for a terminal", async () => {
    const run = await review(repo().dir, [], { tty: true });
    expect(run.stdout).toContain("\u001b[");
    expect(run.stderr).toContain("reviewing cache against main");
    expect(run.stderr).toMatch(/model call 1 answered in [\d.]+ s/);
    const plain = await review(repo().dir, [], { tty: true, env: modelEnv({ NO_COLOR: "1" }) });
    expect(plain.stdout).not.toContain("\u001b[");
  });

  it("notes what it leaves out: uncommitted work, and an empty branch", async () => {
    const r = repo();
    r.write("src/cache.ts", "edited but not committed\n");
    const run = await review(r.dir, ["--format", "json"]);
    expect(run.stderr).toContain("pr-reviewer: note: uncommitted changes are not part of this review");
    r.git("checkout", "--quiet", "--", ".");
    r.git("checkout", "--quiet", "main");
    const empty = await review(r.dir, ["--format", "json"]);
    expect(empty.exitCode).toBe(0);
    expect(empty.stderr).toContain("nothing to review in main against main");
    expect(JSON.parse(empty.stdout)).toMatchObject({ findings: [], files: { reviewed: [], skipped: [] } });
  });

  it("uses .github/pr-reviewer.yml from the working tree, and reports a broken one", async () => {
    const r = repo();
    r.write(".github/pr-reviewer.yml", "ignore: ['src/**']\n");
    const ignored = await review(r.dir, ["--format", "json"]);
    expect(JSON.parse(ignored.stdout)).toMatchObject({ findings: [], files: { reviewed: [], skipped: [{ path: "src/cache.ts", reason: "ignored by `src/**`" }] } });
    r.write(".github/pr-reviewer.yml", "max_comments: [\n");
    const broken = await review(r.dir, ["--format", "json"]);
    expect(broken.exitCode).toBe(0);
    expect(broken.stderr).toContain(".github/pr-reviewer.yml is invalid; using the defaults");
    expect(broken.stderr).toContain("is not valid YAML");
  });
});

describe("pr-reviewer review's exit codes for what went wrong", () => {
  it("exits 2 for an unknown flag, outside a repository, for an unknown base, and without a model key", async () => {
    const r = repo();
    const unknown = await review(r.dir, ["--colour"]);
    expect([unknown.exitCode, unknown.stdout]).toEqual([2, ""]);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    expect(unknown.stderr).toContain("Usage: pr-reviewer review");
    const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-nogit-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const outside = await review(dir, []);
    expect([outside.exitCode, outside.stderr]).toEqual([2, expect.stringContaining("is not in a git repository")]);
    const badRef = await review(r.dir, ["--base", "no-such-branch"]);
    expect([badRef.exitCode, badRef.stderr]).toEqual([2, "pr-reviewer: --base no-such-branch: no such branch, tag or commit in this repository\n"]);
    const noKey = await review(r.dir, [], { env: modelEnv({ OPENAI_API_KEY: "" }) });
    expect([noKey.exitCode, noKey.stderr]).toEqual([2, expect.stringContaining("OPENAI_API_KEY: no API key for the model endpoint")]);
    expect(model.chatRequests).toEqual([]);
    const bare = await runCliInProcess([], { cwd: r.dir, env: {} });
    expect(bare.exitCode).toBe(2);
    expect((await runCliInProcess(["lint"], { cwd: r.dir, env: {} })).exitCode).toBe(2);
    expect(await runCliInProcess(["--version"], { cwd: r.dir, env: {} })).toEqual({ exitCode: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("exits 3 with the reason on stderr when the model refuses, or the diff cannot be read", async () => {
    const r = repo();
    const refused = await review(r.dir, ["--format", "json"], { env: modelEnv({ OPENAI_API_KEY: "sk-wrong" }) });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/pr-reviewer: the review could not be done: .*(401|key)/i);
    const missing = await review(r.dir, ["--diff", "nope.diff"]);
    expect([missing.exitCode, missing.stderr]).toEqual([3, expect.stringContaining("the diff could not be read from nope.diff")]);
    const malformed = await review(r.dir, ["--diff", "-"], { stdin: "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n" });
    expect([malformed.exitCode, malformed.stderr]).toEqual([3, expect.stringContaining("standard input is not a unified diff that can be reviewed")]);
  });
});
