import { z } from "zod";
import { REPO_CONFIG_PATH, RepoConfigSchema, unwrapObject } from "./repo-config.js";

/** The JSON Schema editors use to check `.github/pr-reviewer.yml`, derived from the validating schema. */
export function repoConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RepoConfigSchema, { io: "input", target: "draft-7" });
  return { ...schema, title: "pr-reviewer repository configuration", properties: { _extends: { type: "string", description: "Inherit settings from another repository's config: `repo` or `owner/repo`, optionally `:path`." }, ...(typeof schema.properties === "object" ? schema.properties : {}) } };
}

function typeName(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: "input" });
  if (json.type === "array" && typeof json.items === "object" && !Array.isArray(json.items)) {
    return `list of ${String(json.items.type)}`;
  }
  return String(json.type);
}

function defaultOf(schema: z.ZodType): string {
  const value: unknown = schema.safeParse(undefined).data;
  return value === undefined ? "—" : `\`${JSON.stringify(value)}\``;
}

/** docs/configuration.md, generated from the same schema that validates the file. */
function row(key: string, schema: z.ZodType): string {
  return `| \`${key}\` | ${typeName(schema)} | ${defaultOf(schema)} | ${(schema.description ?? "").replace(/\|/g, "\\|")} |`;
}

/** A section (`chat`, `commands`, …) is documented key by key, as `section.key`. */
function rowsOf(key: string, schema: z.ZodType): string[] {
  const section = unwrapObject(schema);
  if (section === undefined) return [row(key, schema)];
  return Object.entries(section.shape).map(([inner, innerSchema]) => row(`${key}.${inner}`, innerSchema));
}

export function repoConfigMarkdown(): string {
  const rows = Object.entries(RepoConfigSchema.shape).flatMap(([key, schema]) => rowsOf(key, schema));
  return [
    "<!-- Generated from src/core/config/repo-config.ts by `npm run docs`; do not edit by hand. -->",
    "# Repository configuration",
    "",
    `pr-reviewer reads \`${REPO_CONFIG_PATH}\` from the repository's **default branch**, so a pull request cannot change`,
    "the rules that review it. When the repository has no such file, the owner's `.github` repository is used; `_extends:",
    "other-repo` inherits another repository's file (lists such as `ignore` are combined).",
    "",
    "An invalid file does not stop reviews: the defaults apply, and the check run says what is wrong.",
    "Editors can validate the file with [`schema/pr-reviewer.schema.json`](../schema/pr-reviewer.schema.json).",
    "",
    "| key | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "Example:",
    "",
    "```yaml",
    "ignore:",
    "  - \"docs/**\"",
    "  - \"*.lock\"",
    "  - \"!important.lock\"",
    "review_drafts: false",
    "instructions: |",
    "  Flag any SQL built by string concatenation.",
    "chat:",
    "  auto_reply: false",
    "commands:",
    "  min_permission: triage",
    "automatic_reviews:        # a public repository: strangers' pull requests wait for a maintainer's /review",
    "  forks: true",
    "  min_author_permission: write",
    "```",
    "",
  ].join("\n");
}
