import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createGitHubRepositorySnapshot, createSnapshotCache, type GitHubSnapshotOptions, type SnapshotOctokit, type SnapshotTarget,
} from "../../../src/adapters/github/repository-snapshot.js";
import { runRepositoryTool } from "../../../src/core/agent/run-tool.js";
import type { RepositorySnapshot } from "../../../src/core/ports.js";
import { startFakeGitHub, type FakeGitHub, type RecordedRequest } from "../../helpers/fake-github.js";
import { environmentOf } from "../../core/agent/support.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "1111111111111111111111111111111111111111";
const OTHER = "2222222222222222222222222222222222222222";
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startFakeGitHub();
  // @octokit/rest has neither retries nor throttling: every request the snapshot makes is one the fake sees.
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
});

afterEach(async () => {
  await github.close();
});

function addFiles(sha: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) github.setFile(owner, repo, path, content, sha);
}

const target = (headSha = HEAD): SnapshotTarget => ({ owner, repo, headSha });

function snapshotOf(options: GitHubSnapshotOptions = {}, headSha = HEAD, client: SnapshotOctokit = octokit) {
  return createGitHubRepositorySnapshot(client, target(headSha), { cache: createSnapshotCache(64 * 1024 * 1024), ...options });
}

function calls(requests: readonly RecordedRequest[]): string[] {
  // Octokit sends a file path's slashes as %2F, which GitHub accepts.
  return requests.map((r) => `${r.method} ${decodeURIComponent(r.path).replace(HEAD, "HEAD").replace(OTHER, "OTHER")} ${r.status}`);
}

async function text(snapshot: RepositorySnapshot, path: string): Promise<string | undefined> {
  const file = await snapshot.readFile(path);
  return file.kind === "text" ? file.text : undefined;
}

const FILES = {
  "README.md": "# Widgets\n",
  "src/index.ts": "export function answer(): number {\n  return 42;\n}\n",
  "src/util/strings.ts": "export const naïve = 'ü';\n",
  "assets/logo.png": "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000",
};

describe("a snapshot served from one tarball", () => {
  beforeEach(() => addFiles(HEAD, FILES));

  it("lists every file and reads texts, with one API request and one download, no token sent to the archive host", async () => {
    const snapshot = snapshotOf();
    expect(await snapshot.listFiles()).toEqual({ paths: ["README.md", "assets/logo.png", "src/index.ts", "src/util/strings.ts"] });
    expect(await text(snapshot, "src/index.ts")).toBe(FILES["src/index.ts"]);
    expect(await text(snapshot, "src/util/strings.ts")).toBe("export const naïve = 'ü';\n");
    expect(await snapshot.readFile("assets/logo.png")).toEqual({ kind: "binary" });
    expect(await snapshot.readFile("src/missing.ts")).toEqual({ kind: "missing" });
    expect(calls(github.requests)).toEqual(["GET /repos/acme/widgets/tarball/HEAD 302"]);
    expect(github.archiveDownloads).toHaveLength(1);
    expect(github.archiveDownloads[0]?.headers["authorization"]).toBeUndefined();
    expect(snapshot.stats()).toEqual({ source: "tarball", files: 4, fileReads: 0, searchFetches: 0 });
  });

  it("downloads nothing until it is first used", async () => {
    const snapshot = snapshotOf();
    expect(snapshot.stats()).toEqual({ fileReads: 0, searchFetches: 0 });
    expect(github.requests).toEqual([]);
  });

  it("lists an oversized file as too large without keeping it", async () => {
    addFiles(HEAD, { "data/big.json": `[${"1,".repeat(600)}1]` });
    const snapshot = snapshotOf({ limits: { maxFileBytes: 1000 } });
    expect(await snapshot.readFile("data/big.json")).toEqual({ kind: "too-large", bytes: 1203, limit: 1000 });
  });

  it("serves the tools end to end: read_file numbered, search_code across files", async () => {
    const env = environmentOf(snapshotOf());
    const read = await runRepositoryTool({ name: "read_file", arguments: { path: "src/index.ts", start_line: 2, end_line: 2 } }, env);
    expect(read.body).toBe("   2 |   return 42;");
    const search = await runRepositoryTool({ name: "search_code", arguments: { query: "export" } }, env);
    expect(search.body).toBe("src/index.ts:1: export function answer(): number {\nsrc/util/strings.ts:1: export const naïve = 'ü';");
    expect(calls(github.requests)).toEqual(["GET /repos/acme/widgets/tarball/HEAD 302"]);
  });

  it("works with Probot's own client, its plugins included", async () => {
    const probotOctokit = new ProbotOctokit({
      auth: { token: github.createInstallationToken() },
      baseUrl: github.baseUrl,
      throttle: { enabled: false },
      retry: { enabled: false },
      log: quiet,
    });
    const snapshot = snapshotOf({}, HEAD, probotOctokit);
    expect(await text(snapshot, "README.md")).toBe("# Widgets\n");
  });
});

describe("sharing downloads between reviews", () => {
  beforeEach(() => {
    addFiles(HEAD, FILES);
    addFiles(OTHER, { "src/index.ts": "export const other = true;\n" });
  });

  it("makes one request per head however many reviews ask at once", async () => {
    const cache = createSnapshotCache(64 * 1024 * 1024);
    const snapshots = Array.from({ length: 5 }, () => snapshotOf({ cache }));
    const texts = await Promise.all(snapshots.flatMap((snapshot) => [text(snapshot, "README.md"), snapshot.listFiles().then((l) => l.paths.length)]));
    expect(texts).toEqual(Array.from({ length: 5 }, () => ["# Widgets\n", 4]).flat());
    expect(calls(github.requests)).toEqual(["GET /repos/acme/widgets/tarball/HEAD 302"]);
    expect(github.archiveDownloads).toHaveLength(1);
    // A later review of the same head is served from memory; another head is downloaded.
    expect(await text(snapshotOf({ cache }), "README.md")).toBe("# Widgets\n");
    expect(await text(snapshotOf({ cache }, OTHER), "src/index.ts")).toBe("export const other = true;\n");
    expect(calls(github.requests)).toEqual(["GET /repos/acme/widgets/tarball/HEAD 302", "GET /repos/acme/widgets/tarball/OTHER 302"]);
  });

  it("evicts the least recently used snapshot once the cache's bytes are exceeded", async () => {
    const probe = createSnapshotCache(64 * 1024 * 1024);
    await snapshotOf({ cache: probe }).listFiles();
    const oneSnapshot = probe.bytes;
    expect(oneSnapshot).toBeGreaterThan(0);
    // Room for one snapshot of HEAD (OTHER's is smaller), not for both.
    const cache = createSnapshotCache(oneSnapshot + 10);
    await snapshotOf({ cache }).listFiles();
    await snapshotOf({ cache }, OTHER).listFiles();
    expect(cache.bytes).toBeLessThanOrEqual(oneSnapshot + 10);
    await snapshotOf({ cache }, OTHER).listFiles();
    await snapshotOf({ cache }).listFiles();
    expect(calls(github.requests)).toEqual([
      "GET /repos/acme/widgets/tarball/HEAD 302",
      "GET /repos/acme/widgets/tarball/HEAD 302",
      "GET /repos/acme/widgets/tarball/OTHER 302",
      "GET /repos/acme/widgets/tarball/HEAD 302",
    ]);
  });

  it("does not keep a snapshot larger than the whole cache, and still serves it", async () => {
    const cache = createSnapshotCache(10);
    expect(await text(snapshotOf({ cache }), "README.md")).toBe("# Widgets\n");
    expect(cache.bytes).toBe(0);
  });

  it("does not keep a failed download: the next review tries again, while the failed review does not retry", async () => {
    const cache = createSnapshotCache(64 * 1024 * 1024);
    github.failNext({ path: `/repos/acme/widgets/tarball/${HEAD}`, status: 502 });
    github.failNext({ path: `/repos/acme/widgets/git/trees/${HEAD}`, status: 502 });
    const failed = snapshotOf({ cache });
    await expect(failed.listFiles()).rejects.toThrow(
      /^the repository at 1111111 could not be downloaded \(archive: HTTP 502: .+; tree: HTTP 502: .+\)$/,
    );
    await expect(failed.readFile("README.md")).rejects.toThrow(/could not be downloaded/);
    expect(github.requests).toHaveLength(2);
    expect(await text(snapshotOf({ cache }), "README.md")).toBe("# Widgets\n");
    expect(github.requests).toHaveLength(3);
  });
});

describe("a snapshot over its caps", () => {
  const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`src/f${i}.ts`, `export const f${i} = "${"x".repeat(90)}";\n`]));

  beforeEach(() => addFiles(HEAD, many));

  it("stops the download at the text cap, lists the rest from the Git tree, reads it on demand, and says what a search left out", async () => {
    const snapshot = snapshotOf({ limits: { maxTextBytes: 500, maxSearchFetches: 0 } });
    expect((await snapshot.listFiles()).paths).toHaveLength(10);
    // The archive holds files in path order: the first four fit in 500 bytes.
    expect(await text(snapshot, "src/f0.ts")).toBe(many["src/f0.ts"]);
    expect(await text(snapshot, "src/f9.ts")).toBe(many["src/f9.ts"]);
    expect(calls(github.requests)).toEqual([
      "GET /repos/acme/widgets/tarball/HEAD 302",
      "GET /repos/acme/widgets/git/trees/HEAD 200",
      "GET /repos/acme/widgets/contents/src/f9.ts 200",
    ]);
    expect(snapshot.stats()).toMatchObject({ source: "tarball and tree", files: 10, fileReads: 1 });
    const search = await runRepositoryTool({ name: "search_code", arguments: { query: "export const" } }, environmentOf(snapshot));
    expect(search.body.split("\n").map((line) => line.split(":")[0])).toEqual(["src/f0.ts", "src/f1.ts", "src/f2.ts", "src/f3.ts", "src/f9.ts"]);
    expect(search.notes).toContain("5 files not searched: not downloaded (this review's 0 file downloads for searching are spent).");
  });

  it("fetches files left out of memory for a search, within the review's budget", async () => {
    const snapshot = snapshotOf({ limits: { maxTextBytes: 500, maxSearchFetches: 2 } });
    const search = await runRepositoryTool({ name: "search_code", arguments: { query: "export const" } }, environmentOf(snapshot));
    expect(search.body.split("\n")).toHaveLength(6);
    expect(search.notes).toContain("4 files not searched: not downloaded (this review's 2 file downloads for searching are spent).");
    expect(snapshot.stats()).toMatchObject({ searchFetches: 2 });
  });

  it("stops reading an archive over its cap, lists the files from the Git tree, and keeps what it had read", async () => {
    const snapshot = snapshotOf({ limits: { maxArchiveBytes: 4000 } });
    expect((await snapshot.listFiles()).paths).toEqual(Object.keys(many).sort());
    expect(await text(snapshot, "src/f0.ts")).toBe(many["src/f0.ts"]);
    expect(await text(snapshot, "src/f8.ts")).toBe(many["src/f8.ts"]);
    expect(calls(github.requests)).toEqual([
      "GET /repos/acme/widgets/tarball/HEAD 302",
      "GET /repos/acme/widgets/git/trees/HEAD 200",
      "GET /repos/acme/widgets/contents/src/f8.ts 200",
    ]);
    expect(snapshot.stats()).toMatchObject({ source: "tarball and tree", files: 10, fileReads: 1 });
  });

  it("serves what the archive held, and says the listing is incomplete, when the tree cannot be listed either", async () => {
    github.failNext({ path: `/repos/acme/widgets/git/trees/${HEAD}`, status: 500 });
    const snapshot = snapshotOf({ limits: { maxArchiveBytes: 4000 } });
    const listing = await snapshot.listFiles();
    expect(listing.paths.length).toBeGreaterThan(0);
    expect(listing.paths.length).toBeLessThan(10);
    expect(listing.incomplete).toMatch(
      /^only part of the repository's archive was read \(the archive is larger than 4000 bytes\), and its tree could not be listed \(HTTP 500: /,
    );
  });
});

describe("without the tarball", () => {
  beforeEach(() => addFiles(HEAD, FILES));

  it("lists the Git tree when GitHub refuses the archive, then reads files one by one and only once", async () => {
    github.failNext({ path: `/repos/acme/widgets/tarball/${HEAD}`, status: 403 });
    const warnings: { details: object; message: string }[] = [];
    const log = { info: () => {}, error: () => {}, warn: (details: object, message: string) => warnings.push({ details, message }) };
    const snapshot = snapshotOf({ limits: { maxFileReads: 2 }, log });
    expect((await snapshot.listFiles()).paths).toEqual(["README.md", "assets/logo.png", "src/index.ts", "src/util/strings.ts"]);
    expect(await text(snapshot, "src/index.ts")).toBe(FILES["src/index.ts"]);
    expect(await text(snapshot, "src/index.ts")).toBe(FILES["src/index.ts"]);
    expect(await snapshot.readFile("assets/logo.png")).toEqual({ kind: "binary" });
    expect(await snapshot.readFile("README.md")).toEqual({ kind: "unavailable", reason: "this review's 2 file downloads are spent" });
    expect(await snapshot.readFile("nope.ts")).toEqual({ kind: "missing" });
    expect(calls(github.requests)).toEqual([
      "GET /repos/acme/widgets/tarball/HEAD 403",
      "GET /repos/acme/widgets/git/trees/HEAD 200",
      "GET /repos/acme/widgets/contents/src/index.ts 200",
      "GET /repos/acme/widgets/contents/assets/logo.png 200",
    ]);
    expect(github.requests.filter((r) => r.path.includes("/contents/")).every((r) => r.query["ref"] === HEAD)).toBe(true);
    expect(warnings).toEqual([
      {
        details: { owner, repo, headSha: HEAD, reason: expect.stringMatching(/^HTTP 403: /) as unknown },
        message: "repository archive not usable; listing the Git tree instead",
      },
    ]);
  });

  it("gives up on a stalled download after its time limit and lists the Git tree instead", async () => {
    github.stallArchiveDownloads();
    const snapshot = snapshotOf({ limits: { downloadTimeoutMs: 300 } });
    expect((await snapshot.listFiles()).paths).toEqual(["README.md", "assets/logo.png", "src/index.ts", "src/util/strings.ts"]);
    expect(calls(github.requests)).toEqual(["GET /repos/acme/widgets/tarball/HEAD 302", "GET /repos/acme/widgets/git/trees/HEAD 200"]);
    expect(snapshot.stats()).toMatchObject({ source: "tree" });
  });

  it("says the listing is incomplete when the tree is truncated, and still reads a file the listing lacks", async () => {
    github.failNext({ path: `/repos/acme/widgets/tarball/${HEAD}`, status: 502 });
    github.limitTreeEntries(2);
    const snapshot = snapshotOf();
    const listing = await snapshot.listFiles();
    expect(listing.incomplete).toBe("GitHub's listing of the tree was truncated (over 100,000 entries or 7 MB)");
    expect(listing.paths).not.toContain("src/util/strings.ts");
    expect(await text(snapshot, "src/util/strings.ts")).toBe("export const naïve = 'ü';\n");
  });

  it("reads through the contents API a file the archive leaves out for export-ignore", async () => {
    addFiles(HEAD, { ".gitattributes": "/tests export-ignore\n", "tests/a.test.ts": "test('a');\n" });
    const snapshot = snapshotOf();
    expect((await snapshot.listFiles()).paths).not.toContain("tests/a.test.ts");
    expect(await text(snapshot, "tests/a.test.ts")).toBe("test('a');\n");
    expect(await snapshot.readFile("tests/none.ts")).toEqual({ kind: "missing" });
  });
});
