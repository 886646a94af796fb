import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoConfigJsonSchema, repoConfigMarkdown } from "../../src/core/config/config-docs.js";
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from "../../src/core/config/repo-config.js";

describe("parseRepoConfig", () => {
  it("uses the defaults when there is no file", () => {
    expect(parseRepoConfig(null)).toEqual({
      config: {
        ignore: [], use_default_ignore: true, review_drafts: false, instructions: "", path_instructions: {},
        guidance_files: ["AGENTS.md", "CONTRIBUTING.md"], context_lines: 30, max_files: 300, max_prompt_tokens: 400_000,
        severity_threshold: "minor", max_comments: 10, confidence_threshold: 0.5, agentic: true, verify: "major", fail_on: "never",
      },
      problems: [],
    });
  });

  it("accepts a valid file", () => {
    const raw = {
      ignore: ["docs/**"], use_default_ignore: false, review_drafts: true, instructions: "Be strict.",
      path_instructions: { "src/db/**": "Bound parameters only." }, guidance_files: [], context_lines: 0, max_files: 3000,
      max_prompt_tokens: 1000, severity_threshold: "nit", max_comments: 3, confidence_threshold: 0.8, agentic: false, verify: "off", fail_on: "major",
    };
    expect(parseRepoConfig(raw)).toEqual({ config: raw, problems: [] });
  });

  it.each([
    ["a wrong type", { ignore: "docs/**" }, ["`ignore`: Invalid input: expected array, received string"]],
    ["an unknown key (a typo)", { reveiw_drafts: true }, ["the file: unknown key `reveiw_drafts` (known keys: `ignore`, `use_default_ignore`, `review_drafts`, `instructions`, `path_instructions`, `guidance_files`, `context_lines`, `max_files`, `max_prompt_tokens`, `severity_threshold`, `max_comments`, `confidence_threshold`, `agentic`, `verify`, `fail_on`)"]],
    ["a list item of the wrong type", { ignore: ["ok", 3] }, ["`ignore.1`: Invalid input: expected string, received number"]],
    ["a file limit above GitHub's 3,000", { max_files: 5000 }, ["`max_files`: Too big: expected number to be <=3000"]],
    ["a scalar file", "just text", ["the file: Invalid input: expected object, received string"]],
  ])("reports %s and falls back to the defaults", (_name, raw, problems) => {
    expect(parseRepoConfig(raw)).toEqual({ config: DEFAULT_REPO_CONFIG, problems });
  });
});

describe("generated configuration reference", () => {
  it("docs/configuration.md and the JSON Schema match the schema (run `npm run docs` after changing it)", () => {
    expect(readFileSync("docs/configuration.md", "utf8")).toBe(repoConfigMarkdown());
    expect(JSON.parse(readFileSync("schema/pr-reviewer.schema.json", "utf8"))).toEqual(repoConfigJsonSchema());
  });
});
