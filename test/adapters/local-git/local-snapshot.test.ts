import { afterEach, describe, expect, it } from "vitest";
import { localRepositorySnapshot } from "../../../src/adapters/local-git/local-snapshot.js";
import { runRepositoryTool } from "../../../src/core/agent/run-tool.js";
import { createTempRepo, GIT_TEST_ENV, type TempRepo } from "../../helpers/temp-repo.js";

Object.assign(process.env, GIT_TEST_ENV);

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

function committed(): { repo: TempRepo; sha: string } {
  const created = createTempRepo();
  repo = created;
  created.write("src/a.ts", "export const a = 1;\n");
  created.write("docs/b.md", "# B\n");
  created.write("logo.png", "\u0089PNG\u0000\u0000");
  const sha = created.commit("Start");
  created.write("src/a.ts", "export const a = 2;\n");
  created.write("src/untracked.ts", "export const u = 3;\n");
  created.write(".gitignore", "ignored.log\n");
  created.write("ignored.log", "noise\n");
  return { repo: created, sha };
}

describe("localRepositorySnapshot", () => {
  it("serves a commit's tree: every file it holds, at that commit", async () => {
    const { repo: r, sha } = committed();
    const snapshot = localRepositorySnapshot({ root: r.dir, head: { kind: "commit", sha } });
    expect((await snapshot.listFiles()).paths).toEqual(["docs/b.md", "logo.png", "src/a.ts"]);
    expect(await snapshot.readFile("src/a.ts")).toEqual({ kind: "text", text: "export const a = 1;\n" });
    expect(await snapshot.readFile("logo.png")).toEqual({ kind: "binary" });
    expect(await snapshot.readFile("src/none.ts")).toEqual({ kind: "missing" });
  });

  it("serves the working tree with untracked files git does not ignore", async () => {
    const { repo: r } = committed();
    const snapshot = localRepositorySnapshot({ root: r.dir, head: { kind: "worktree" } });
    expect((await snapshot.listFiles()).paths).toEqual([".gitignore", "docs/b.md", "logo.png", "src/a.ts", "src/untracked.ts"]);
    expect(await snapshot.readFile("src/a.ts")).toEqual({ kind: "text", text: "export const a = 2;\n" });
  });

  it("serves texts in memory, as an eval case's files after the change, and the tools search them", async () => {
    const snapshot = localRepositorySnapshot({ root: "/nowhere", head: { kind: "texts", texts: new Map([["calc.py", "def mean(xs):\n    return sum(xs) / len(xs)\n"]]) } });
    const result = await runRepositoryTool({ name: "search_code", arguments: { query: "len(" } }, { snapshot, mayShow: () => true, redact: (t) => t });
    expect(result.body).toBe("calc.py:2: return sum(xs) / len(xs)");
  });

  it("lets the tools say the repository cannot be read outside a git repository, without throwing", async () => {
    const snapshot = localRepositorySnapshot({ root: "/", head: { kind: "index" } });
    const result = await runRepositoryTool({ name: "list_files", arguments: { path_glob: "**" } }, { snapshot, mayShow: () => true, redact: (t) => t });
    expect(result.isError).toBe(true);
    expect(result.notes[0]).toMatch(/^The repository could not be read: git ls-files -z --cached failed/);
  });
});
