import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { ACTION_BUNDLE, buildActionBundle } from "../../scripts/action-bundle.js";
import { VERSION } from "../../src/version.js";

const ActionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), z.object({ description: z.string(), required: z.boolean().optional(), default: z.string().optional() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
  runs: z.object({ using: z.string(), main: z.string() }),
});

describe("action.yml", () => {
  const action = ActionSchema.parse(parse(readFileSync("action.yml", "utf8")));

  it("runs the committed bundle on node24 with the documented inputs and defaults", () => {
    expect(action.runs).toEqual({ using: "node24", main: ACTION_BUNDLE });
    expect(Object.keys(action.inputs)).toEqual(["github_token", "openai_base_url", "openai_api_key", "openai_model", "fail_on", "config_path"]);
    expect(action.inputs["github_token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs["config_path"]?.default).toBe(".github/pr-reviewer.yml");
    // Empty defaults, so the App's environment variables (an env: block) apply when an input is not given.
    for (const name of ["openai_base_url", "openai_api_key", "openai_model", "fail_on"]) expect(action.inputs[name]?.default).toBe("");
    expect(Object.keys(action.outputs)).toEqual(["findings", "conclusion"]);
  });

  it("has a committed bundle that a fresh build reproduces byte for byte (rebuild with npm run build:action)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pr-reviewer-bundle-"));
    try {
      const fresh = join(dir, "index.js");
      await buildActionBundle(fresh);
      const committed = readFileSync(ACTION_BUNDLE);
      const rebuilt = readFileSync(fresh);
      expect(rebuilt.equals(committed), `${ACTION_BUNDLE} is stale: run npm run build:action and commit it`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the version", () => {
  it("the code reports is package.json's", () => {
    expect(VERSION).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
  });
});
