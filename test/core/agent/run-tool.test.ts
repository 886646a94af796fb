import { describe, expect, it } from "vitest";
import { runRepositoryTool } from "../../../src/core/agent/run-tool.js";
import {
  LIST_FILES_TOOL, READ_FILE_TOOL, REPOSITORY_TOOLS, SEARCH_CODE_TOOL,
} from "../../../src/core/agent/tool-schemas.js";
import type { RepositorySnapshot } from "../../../src/core/ports.js";
import { environment, environmentOf, lines } from "./support.js";

const env = environment({ "src/a.ts": lines(50), "src/b.ts": "line 7 again\n" });

describe("runRepositoryTool", () => {
  it("serves each tool by its contract name", async () => {
    expect((await runRepositoryTool({ name: "read_file", arguments: { path: "src/a.ts", start_line: 2, end_line: 3 } }, env)).body).toBe(
      "   2 | line 2\n   3 | line 3",
    );
    expect((await runRepositoryTool({ name: "search_code", arguments: { query: "line 7" } }, env)).body).toBe(
      "src/a.ts:7: line 7\nsrc/b.ts:1: line 7 again",
    );
    expect((await runRepositoryTool({ name: "list_files", arguments: { path_glob: "*.ts" } }, env)).body).toBe("src/a.ts\nsrc/b.ts");
  });

  it("takes arguments as JSON text, and numbers and booleans as text, as Qwen3-Coder's parser may hand them over", async () => {
    const read = await runRepositoryTool({ name: "read_file", arguments: '{"path":"src/a.ts","start_line":"2","end_line":" 3 "}' }, env);
    expect(read.header).toBe("read_file src/a.ts:2-3");
    const search = await runRepositoryTool({ name: "search_code", arguments: { query: "^line 4\\d$", regex: "true" } }, env);
    expect(search.body.split("\n")).toHaveLength(10);
  });

  it("reads regex \"false\" as false, and refuses a regex flag it cannot read", async () => {
    const literal = await runRepositoryTool({ name: "search_code", arguments: { query: "line 4.", regex: "false" } }, env);
    expect(literal.body).toBe("");
    const unclear = await runRepositoryTool({ name: "search_code", arguments: { query: "x", regex: "maybe" } }, env);
    expect(unclear.notes[0]).toMatch(/^Invalid arguments: regex: /);
  });

  it("keeps the header of a call with long bad arguments to one short line", async () => {
    const result = await runRepositoryTool({ name: "read_file", arguments: { path: "a\nb".repeat(200), start_line: -1 } }, env);
    expect(result.header.length).toBeLessThan(230);
    expect(result.header).not.toContain("\n");
    expect(result.header.endsWith("…")).toBe(true);
  });

  it("answers bad arguments with what is wrong, naming the call", async () => {
    const result = await runRepositoryTool({ name: "read_file", arguments: { path: "src/a.ts", start_line: 0 } }, env);
    expect(result.isError).toBe(true);
    expect(result.header).toBe('read_file {"path":"src/a.ts","start_line":0}');
    expect(result.notes[0]).toMatch(/^Invalid arguments: start_line: .+\.$/);
    const missing = await runRepositoryTool({ name: "list_files", arguments: "not json" }, env);
    expect(missing.notes[0]).toMatch(/^Invalid arguments: arguments: /);
    const noQuery = await runRepositoryTool({ name: "search_code", arguments: {} }, env);
    expect(noQuery.notes[0]).toMatch(/^Invalid arguments: query: /);
  });

  it("answers an unknown tool with the tools there are", async () => {
    const result = await runRepositoryTool({ name: "run_tests", arguments: {} }, env);
    expect(result).toEqual({
      header: "run_tests {}",
      body: "",
      notes: ["There is no tool run_tests; the repository tools are read_file, search_code, list_files."],
      isError: true,
    });
  });

  it("answers instead of throwing when the repository cannot be loaded", async () => {
    const broken: RepositorySnapshot = {
      listFiles: () => Promise.reject(new Error("GET /repos/acme/widgets/tarball: HTTP 502")),
      readFile: () => Promise.reject(new Error("GET /repos/acme/widgets/tarball: HTTP 502")),
    };
    const result = await runRepositoryTool({ name: "search_code", arguments: { query: "x" } }, environmentOf(broken));
    expect(result).toMatchObject({ isError: true, notes: ["The repository could not be read: GET /repos/acme/widgets/tarball: HTTP 502."] });
  });
});

describe("the tool definitions", () => {
  it("keep the contract's names and arguments", () => {
    expect(REPOSITORY_TOOLS.map((tool) => tool.name)).toEqual(["read_file", "search_code", "list_files"]);
    expect(READ_FILE_TOOL.parameters).toMatchObject({
      type: "object",
      properties: { path: { type: "string" }, start_line: { type: "integer" }, end_line: { type: "integer" } },
      required: ["path"],
    });
    expect(SEARCH_CODE_TOOL.parameters).toMatchObject({
      properties: { query: { type: "string" }, path_glob: { type: "string" }, regex: { type: "boolean" } },
      required: ["query"],
    });
    expect(LIST_FILES_TOOL.parameters).toMatchObject({ properties: { path_glob: { type: "string" } }, required: ["path_glob"] });
  });

  it("stay flat, described, and free of a $schema key", () => {
    for (const tool of REPOSITORY_TOOLS) {
      expect(tool.parameters).not.toHaveProperty("$schema");
      expect(tool.description).toMatch(/only|sparingly/);
      for (const property of Object.values(tool.parameters["properties"] as Record<string, Record<string, unknown>>)) {
        expect(typeof property["description"]).toBe("string");
        expect(property).not.toHaveProperty("properties");
      }
    }
  });
});
