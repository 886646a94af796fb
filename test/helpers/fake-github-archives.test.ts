import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Octokit } from "@octokit/rest";
import { RequestError } from "@octokit/request-error";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";

const owner = "acme";
const repo = "widgets";
const HEAD = "0123456789abcdef0123456789abcdef01234567";
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let github: FakeGitHub;
let octokit: Octokit;
let scratch: string;

beforeEach(async () => {
  github = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken(), log: quiet });
  scratch = mkdtempSync(join(tmpdir(), "fake-github-archive-"));
  github.setFile(owner, repo, "README.md", "# Widgets\n", HEAD);
  github.setFile(owner, repo, "src/index.ts", "export const answer = 42;\n", HEAD);
  github.setFile(owner, repo, "src/deep/nested/util.ts", "export {};\n", HEAD);
});

afterEach(async () => {
  await github.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** GNU tar and git read the archive: neither knows the fake, so they check it is the real format. */
function inspect(archive: ArrayBuffer): { entries: string[]; commit: string; text: string } {
  const tarPath = join(scratch, "archive.tar");
  writeFileSync(tarPath, gunzipSync(Buffer.from(archive)));
  const entries = execFileSync("tar", ["-tf", tarPath], { encoding: "utf8" }).trim().split("\n");
  const commit = execFileSync("git", ["get-tar-commit-id"], { input: readFileSync(tarPath), encoding: "utf8" }).trim();
  const text = execFileSync("tar", ["-xOf", tarPath, `${owner}-${repo}-0123456/src/index.ts`], { encoding: "utf8" });
  return { entries, commit, text };
}

describe("the tarball endpoint", () => {
  it("redirects to another origin that serves a gzip tar of the files at the ref, in GitHub's top folder", async () => {
    const response = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: HEAD });
    expect(response.status).toBe(200);
    expect(response.url.startsWith(github.origin)).toBe(false);
    expect(response.url).toMatch(/\/acme\/widgets\/legacy\.tar\.gz\/0123456789abcdef0123456789abcdef01234567\?token=[0-9a-f]{32}$/);
    expect(response.headers["content-type"]).toBe("application/x-gzip");
    expect(response.data).toBeInstanceOf(ArrayBuffer);
    const { entries, commit, text } = inspect(response.data as ArrayBuffer);
    expect(entries).toEqual([
      "acme-widgets-0123456/",
      "acme-widgets-0123456/src/",
      "acme-widgets-0123456/src/deep/",
      "acme-widgets-0123456/src/deep/nested/",
      "acme-widgets-0123456/README.md",
      "acme-widgets-0123456/src/deep/nested/util.ts",
      "acme-widgets-0123456/src/index.ts",
    ]);
    expect(commit).toBe(HEAD);
    expect(text).toBe("export const answer = 42;\n");
  });

  it("records one API request and one download, and the token does not travel to the archive host", async () => {
    await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: HEAD });
    expect(github.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /repos/acme/widgets/tarball/${HEAD} 302`]);
    const [download] = github.archiveDownloads;
    expect(download).toMatchObject({ path: `/acme/widgets/legacy.tar.gz/${HEAD}`, status: 200 });
    expect(download?.headers["authorization"]).toBeUndefined();
    expect(download?.bytes).toBeGreaterThan(0);
  });

  it("answers 404 for a ref it does not know, and the archive host refuses a link without its token", async () => {
    const error = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: "f".repeat(40) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(404);
    const stolen = await fetch(`${github.archiveOrigin}/acme/widgets/legacy.tar.gz/${HEAD}`);
    expect(stolen.status).toBe(404);
  });

  it("can be made to fail like any route", async () => {
    github.failNext({ path: `/repos/acme/widgets/tarball/${HEAD}`, status: 502 });
    const error = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: HEAD }).catch((e: unknown) => e);
    expect((error as RequestError).status).toBe(502);
    expect(github.archiveDownloads).toEqual([]);
  });
});

describe("the Git trees endpoint", () => {
  it("lists every folder and file at a commit with `recursive`, files with their size", async () => {
    const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: HEAD, recursive: "1" });
    expect(data.truncated).toBe(false);
    expect(data.tree.map((entry) => [entry.path, entry.type, entry.size])).toEqual([
      ["README.md", "blob", 10],
      ["src", "tree", undefined],
      ["src/deep", "tree", undefined],
      ["src/deep/nested", "tree", undefined],
      ["src/deep/nested/util.ts", "blob", 11],
      ["src/index.ts", "blob", 26],
    ]);
    // Git's own object id of the file's bytes.
    const blob = data.tree.find((entry) => entry.path === "README.md");
    expect(blob?.sha).toBe(execFileSync("git", ["hash-object", "--stdin"], { input: "# Widgets\n", encoding: "utf8" }).trim());
  });

  it("lists only the top level without `recursive`, and says `truncated` past its entry limit", async () => {
    const top = await octokit.rest.git.getTree({ owner, repo, tree_sha: HEAD });
    expect(top.data.tree.map((entry) => entry.path)).toEqual(["README.md", "src"]);
    github.limitTreeEntries(3);
    const cut = await octokit.rest.git.getTree({ owner, repo, tree_sha: HEAD, recursive: "1" });
    expect(cut.data.truncated).toBe(true);
    expect(cut.data.tree).toHaveLength(3);
  });
});
