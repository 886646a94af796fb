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
        chat: { enabled: true, auto_reply: true }, commands: { min_permission: "write" },
        // Every pull request is reviewed automatically unless the repository says otherwise.
        automatic_reviews: { forks: true, min_author_permission: "none" }, learnings: { enabled: true },
      },
      problems: [],
    });
  });

  it("accepts a valid file", () => {
    const raw = {
      ignore: ["docs/**"], use_default_ignore: false, review_drafts: true, instructions: "Be strict.",
      path_instructions: { "src/db/**": "Bound parameters only." }, guidance_files: [], context_lines: 0, max_files: 3000,
      max_prompt_tokens: 1000, severity_threshold: "nit", max_comments: 3, confidence_threshold: 0.8, agentic: false, verify: "off", fail_on: "major",
      chat: { enabled: false, auto_reply: false }, commands: { min_permission: "none" },
      automatic_reviews: { forks: false, min_author_permission: "write" }, learnings: { enabled: false },
    };
    expect(parseRepoConfig(raw)).toEqual({ config: raw, problems: [] });
  });

  it.each([
    ["a wrong type", { ignore: "docs/**" }, ["`ignore`: Invalid input: expected array, received string"]],
    ["an unknown key (a typo)", { reveiw_drafts: true }, ["the file: unknown key `reveiw_drafts` (known keys: `ignore`, `use_default_ignore`, `review_drafts`, `instructions`, `path_instructions`, `guidance_files`, `context_lines`, `max_files`, `max_prompt_tokens`, `severity_threshold`, `max_comments`, `confidence_threshold`, `agentic`, `verify`, `fail_on`, `chat`, `commands`, `automatic_reviews`, `learnings`)"]],
    ["an unknown key in a section", { chat: { auto_replies: false } }, ["`chat`: unknown key `auto_replies` (known keys: `enabled`, `auto_reply`)"]],
    ["a permission GitHub has no name for", { commands: { min_permission: "maintainer" } }, ['`commands.min_permission`: Invalid option: expected one of "none"|"read"|"triage"|"write"|"admin"']],
    ["a permission in automatic_reviews GitHub has no name for", { automatic_reviews: { min_author_permission: "collaborator" } }, ['`automatic_reviews.min_author_permission`: Invalid option: expected one of "none"|"read"|"triage"|"write"|"admin"']],
    ["an unknown key in automatic_reviews", { automatic_reviews: { fork: false } }, ["`automatic_reviews`: unknown key `fork` (known keys: `forks`, `min_author_permission`)"]],
    ["a list item of the wrong type", { ignore: ["ok", 3] }, ["`ignore.1`: Invalid input: expected string, received number"]],
    ["a file limit above GitHub's 3,000", { max_files: 5000 }, ["`max_files`: Too big: expected number to be <=3000"]],
    ["a scalar file", "just text", ["the file: Invalid input: expected object, received string"]],
  ])("reports %s and falls back to the defaults", (_name, raw, problems) => {
    expect(parseRepoConfig(raw)).toEqual({ config: DEFAULT_REPO_CONFIG, problems });
  });
});

describe("sections", () => {
  it("fills a section's missing keys with their defaults", () => {
    expect(parseRepoConfig({ chat: { auto_reply: false } }).config.chat).toEqual({ enabled: true, auto_reply: false });
    expect(parseRepoConfig({ commands: {} }).config.commands).toEqual({ min_permission: "write" });
    expect(parseRepoConfig({ automatic_reviews: { forks: false } }).config.automatic_reviews).toEqual({ forks: false, min_author_permission: "none" });
  });
});

describe("generated configuration reference", () => {
  it("docs/configuration.md and the JSON Schema match the schema (run `npm run docs` after changing it)", () => {
    expect(readFileSync("docs/configuration.md", "utf8")).toBe(repoConfigMarkdown());
    expect(JSON.parse(readFileSync("schema/pr-reviewer.schema.json", "utf8"))).toEqual(repoConfigJsonSchema());
  });
});
