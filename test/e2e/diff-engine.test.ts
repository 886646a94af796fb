import { describe, expect, it } from "vitest";
import { qwen3TokenCounter } from "../../src/adapters/tokenizer/qwen3-token-counter.js";
import { DEFAULT_MODEL_ID, toolCallCompletion, type ChatRequest } from "../helpers/fake-model.js";
import { gitPatch, numberedLines } from "../helpers/git-patch.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { BASE_SHA, HEAD_SHA, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

const CACHE_BEFORE = [
  "import { db } from './db';",
  "",
  "export class Cache {",
  "  private readonly entries = new Map<string, string>();",
  "",
  "  async get(key: string): Promise<string> {",
  "    const hit = this.entries.get(key);",
  "    if (hit !== undefined) {",
  "      return hit;",
  "    }",
  "    const row = await db.find(key);",
  "    this.entries.set(key, row.value);",
  "    log('miss', key);",
  "    misses += 1;",
  "    return row.value;",
  "  }",
  "}",
].join("\n") + "\n";
// Line 12 changes; git's hunk (3 lines of context) covers 9–15, inside `get` (6–16).
const CACHE_AFTER = CACHE_BEFORE.replace("this.entries.set(key, row.value);", "this.entries.set(key, row.value ?? '');");

function messageText(request: ChatRequest | undefined, role: string): string {
  const content = request?.messages.find((m) => m.role === role)?.["content"];
  return typeof content === "string" ? content : "";
}

describe("what the model sees: surrounding code and repository guidance", () => {
  it("shows the enclosing method from the head commit as uncitable context, with path instructions and AGENTS.md", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", 'path_instructions:\n  "src/**": Check cache invalidation.\n');
    fx.github.setFile(OWNER, REPO, "AGENTS.md", "Prefer early returns.\n");
    fx.github.setFile(OWNER, REPO, "src/cache.ts", CACHE_AFTER, HEAD_SHA);
    fx.github.addPullRequest({
      owner: OWNER, repo: REPO, number: 7, title: "Cache misses", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA,
      files: [
        { filename: "src/cache.ts", status: "modified", patch: gitPatch(CACHE_BEFORE, CACHE_AFTER) },
        { filename: "package-lock.json", status: "modified", patch: gitPatch('{\n  "a": 1\n}\n', '{\n  "a": 2\n}\n') },
      ],
    });
    fx.respond = () =>
      toolCallCompletion("submit_review", {
        summary: "s",
        findings: [
          { path: "src/cache.ts", line: 12, severity: "major", body: "A null row value is cached as ''." },
          { path: "src/cache.ts", line: 6, severity: "minor", title: "On the signature", body: "Cited a context line." },
        ],
      });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened", { title: "Cache misses", body: "" }));
    await fx.app.idle();

    const user = fx.userMessage();
    expect(user).toContain(
      [
        "File: src/cache.ts [modified]",
        "   :  async get(key: string): Promise<string> {",
        "   :    const hit = this.entries.get(key);",
        "   :    if (hit !== undefined) {",
        "@@ -9,7 +9,7 @@ export class Cache {",
        " 9        return hit;",
      ].join("\n"),
    );
    expect(user).toContain("15      return row.value;\n   :  }\n");
    expect(user).not.toContain("package-lock.json");
    expect(user).toContain("For files matching `src/**`: Check cache invalidation.");
    expect(user).toContain("From `AGENTS.md` on the default branch:\nPrefer early returns.");
    expect(messageText(fx.model.chatRequests[0], "system")).toContain('Cite only numbered lines: never a ":" line');

    const contents = fx.github.requests.filter((r) => r.path.includes("/contents/") && !r.path.includes(".github"));
    expect(contents.map((r) => `${decodeURIComponent(r.path).replace(`/repos/${OWNER}/${REPO}/contents/`, "")}@${r.query["ref"] ?? "default"}`).sort()).toEqual([
      "AGENTS.md@default", "CONTRIBUTING.md@default", `src/cache.ts@${HEAD_SHA}`,
    ]);
    expect(fx.github.unhandled).toEqual([]);

    const review = fx.github.reviews[0];
    expect(review?.comments.map((c) => c.line)).toEqual([12]);
    expect(review?.body).toContain("On the signature — `src/cache.ts` line 6");
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("| `package-lock.json` | lockfile (default ignore `package-lock.json`) |");
  });
});

describe("pull requests larger than the limits", () => {
  it("reviews the most important files first and lists the others with the limit, even with no findings", async () => {
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "max_files: 2\n");
    const change = (lines: number) => gitPatch(numberedLines(40), numberedLines(40, (n) => (n <= lines ? `changed ${n}` : `line ${n}`)));
    fx.github.addPullRequest({
      owner: OWNER, repo: REPO, number: 8, title: "Many", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA,
      files: [
        { filename: "README.md", status: "modified", patch: change(30) },
        { filename: "src/small.ts", status: "modified", patch: change(1) },
        { filename: "test/cache.test.ts", status: "modified", patch: change(20) },
        { filename: "src/big.ts", status: "modified", patch: change(10) },
      ],
    });
    await fx.start();
    await fx.app.deliver("pull_request", prPayload("opened", { number: 8, title: "Many", body: "" }));
    await fx.app.idle();

    const user = fx.userMessage();
    expect([...user.matchAll(/^File: (\S+)/gm)].map((m) => m[1])).toEqual(["src/big.ts", "src/small.ts"]);
    // No findings, so no review: the summary comment lists what the limit left out.
    expect(fx.github.reviews).toEqual([]);
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("### Files not reviewed (2)");
    const reason = "over the limit of 2 files per review (`max_files`); more important files came first";
    expect(summary).toContain(`| \`test/cache.test.ts\` | ${reason} |`);
    expect(summary).toContain(`| \`README.md\` | ${reason} |`);
    expect(fx.github.checkRuns[0]?.output.summary).toContain("2 files not reviewed");
  });

  it("fits every call into the context vLLM reports, leaving room for max_tokens", async () => {
    const patch = gitPatch(numberedLines(60), numberedLines(60, (n) => (n % 4 === 0 ? `const value${n} = compute(${n}, "${"x".repeat(40)}");` : `line ${n}`)));
    const files = Array.from({ length: 40 }, (_, i) => ({ filename: `pkg${i % 4}/file${i}.ts`, status: "modified" as const, patch }));
    fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 9, title: "Big", body: "", headSha: HEAD_SHA, baseSha: BASE_SHA, files });
    await fx.start(
      { MODEL_PROMPT_BUDGET_TOKENS: "48000", MODEL_MAX_OUTPUT_TOKENS: "2000" },
      { models: [{ id: DEFAULT_MODEL_ID, max_model_len: 9000 }] },
    );
    await fx.app.deliver("pull_request", prPayload("opened", { number: 9, title: "Big", body: "" }));
    await fx.app.idle();

    const budget = 9000 - 2000 - 1024;
    expect(fx.app.logs.some((line) => line.includes('"msg":"prompt budget"') && line.includes(`"promptBudgetTokens":${budget}`))).toBe(true);
    const calls = fx.model.chatRequests;
    expect(calls.length).toBeGreaterThan(1);
    const count = await qwen3TokenCounter({ info: () => undefined, warn: () => undefined, error: () => undefined })();
    const seen = new Set<string>();
    for (const call of calls) {
      expect(call.max_tokens).toBe(2000);
      expect(count(messageText(call, "system")) + count(messageText(call, "user"))).toBeLessThanOrEqual(budget);
      for (const match of messageText(call, "user").matchAll(/^File: (\S+)/gm)) if (match[1] !== undefined) seen.add(match[1]);
    }
    expect(seen).toEqual(new Set(files.map((f) => f.filename)));
  });
});
