import { describe, expect, it } from "vitest";
import { listFiles } from "../../../src/core/agent/list-files.js";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import { environment, environmentOf } from "./support.js";

const files = {
  "src/b.ts": "",
  "src/a.ts": "",
  "src/api/routes.ts": "",
  "src/api/.env": "",
  "docs/a.md": "",
  "proto/service.proto": "",
  "src/api/schema.proto": "",
  "id_rsa": "",
};

describe("list_files", () => {
  it("lists the matching paths sorted, after a header naming the call, secret files left out", async () => {
    const result = await listFiles({ path_glob: "src/**" }, environment(files));
    expect(result).toEqual({
      header: 'list_files "src/**"',
      body: ["src/a.ts", "src/api/routes.ts", "src/api/schema.proto", "src/b.ts"].join("\n"),
      notes: ["4 files."],
      isError: false,
    });
  });

  it("matches file names at any depth with a glob that has no slash", async () => {
    const result = await listFiles({ path_glob: "*.proto" }, environment(files));
    expect(result.body).toBe("proto/service.proto\nsrc/api/schema.proto");
  });

  it("reads a folder name as the files under it", async () => {
    for (const glob of ["src/api", "src/api/", "./src/api"]) {
      const result = await listFiles({ path_glob: glob }, environment(files));
      expect(result.body).toBe("src/api/routes.ts\nsrc/api/schema.proto");
      expect(result.notes).toEqual(['Read as the folder glob "src/api/**".', "2 files."]);
    }
  });

  it("caps the list and says how to see the rest", async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`gen/f${String(i).padStart(2, "0")}.ts`, ""]));
    const result = await listFiles({ path_glob: "gen/**" }, environment(many, { maxListedPaths: 10 }));
    expect(result.body.split("\n")).toEqual(Array.from({ length: 10 }, (_, i) => `gen/f${String(i).padStart(2, "0")}.ts`));
    expect(result.notes).toEqual(["10 of 30 files shown; narrow the glob to see the rest."]);
  });

  it("says when nothing matches and when the file list is incomplete", async () => {
    const result = await listFiles({ path_glob: "*.rs" }, environmentOf(memorySnapshot(new Map([["a.ts", ""]]), "GitHub truncated the tree")));
    expect(result.body).toBe("");
    expect(result.notes).toEqual(["No file matches (1 file in the repository).", "The repository's file list is incomplete: GitHub truncated the tree."]);
  });
});
