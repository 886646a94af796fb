import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPullRequestHost, MAX_READ_FILE_BYTES } from "../../../src/adapters/github/pull-request-host.js";
import type { PullRequestHost } from "../../../src/core/ports.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "c".repeat(40);

let github: FakeGitHub;
let host: PullRequestHost;

beforeEach(async () => {
  github = await startFakeGitHub();
  github.addRepository({ owner, repo });
  const octokit = new ProbotOctokit({
    auth: { token: github.createInstallationToken() },
    baseUrl: github.baseUrl,
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  host = createPullRequestHost(octokit, { owner, repo, pullNumber: 7, headSha: HEAD, checkRunName: "pr-reviewer" });
});

afterEach(async () => {
  await github.close();
});

describe("PullRequestHost.readFiles", () => {
  it("reads files at the reviewed head commit, including paths with spaces and non-ASCII names", async () => {
    github.setFile(owner, repo, "src/cache.ts", "export const head = 1;\n", HEAD);
    github.setFile(owner, repo, "src/cache.ts", "export const main = 1;\n");
    github.setFile(owner, repo, "docs/my notes/naïve ✓.md", "# Notes\n", HEAD);
    const { texts, unreadable } = await host.readFiles(["src/cache.ts", "docs/my notes/naïve ✓.md"], "head");
    expect(Object.fromEntries(texts)).toEqual({ "src/cache.ts": "export const head = 1;\n", "docs/my notes/naïve ✓.md": "# Notes\n" });
    expect(unreadable).toEqual([]);
    const reads = github.requests.filter((r) => r.path.includes("/contents/"));
    expect(reads.map((r) => r.query["ref"])).toEqual([HEAD, HEAD]);
    expect(reads.every((r) => r.headers["accept"]?.includes("application/vnd.github.v3.raw"))).toBe(true);
  });

  it("reads guidance from the default branch (no ref), and reports a missing file as missing", async () => {
    github.setFile(owner, repo, "AGENTS.md", "Run the tests.\n");
    const { texts, unreadable } = await host.readFiles(["AGENTS.md", "CONTRIBUTING.md"], "default-branch");
    expect(Object.fromEntries(texts)).toEqual({ "AGENTS.md": "Run the tests.\n" });
    expect(unreadable).toEqual([{ path: "CONTRIBUTING.md", reason: "not found", missing: true }]);
    expect(github.requests.filter((r) => r.path.includes("/contents/")).map((r) => r.query["ref"])).toEqual([undefined, undefined]);
  });

  it("refuses binary and oversized files, and reports API errors without throwing", async () => {
    github.setFile(owner, repo, "a.bin", "PK\u0000\u0003", HEAD);
    github.setFile(owner, repo, "big.ts", "x".repeat(MAX_READ_FILE_BYTES + 1), HEAD);
    github.setFile(owner, repo, "ok.ts", "ok\n", HEAD);
    github.failNext({ method: "GET", path: `/repos/${owner}/${repo}/contents/ok.ts`, status: 502 });
    const { texts, unreadable } = await host.readFiles(["a.bin", "big.ts", "ok.ts"], "head");
    expect(texts.size).toBe(0);
    expect(unreadable).toEqual([
      { path: "a.bin", reason: "binary", missing: false },
      { path: "big.ts", reason: `larger than ${MAX_READ_FILE_BYTES} bytes`, missing: false },
      { path: "ok.ts", reason: expect.stringMatching(/^HTTP 502: Bad Gateway/), missing: false },
    ]);
  });
});
