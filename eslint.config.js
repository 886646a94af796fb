import js from "@eslint/js";
import tseslint from "typescript-eslint";

const sdkImports = ["probot", "probot/*", "@octokit/*", "openai", "openai/*", "pino", "@probot/*"];

export default tseslint.config(
  { ignores: ["dist/", "dist-action/", "coverage/", "node_modules/", "eval/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // The core is plain functions over plain data: no SDKs, no I/O. Adapters live at the edges.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [...sdkImports, "node:*"], message: "src/core is pure: reach GitHub, the model or the OS through a port in src/core/ports.ts." },
            { group: ["**/adapters/**", "**/config/env*", "**/config/github-env*", "**/app*", "**/server*"], message: "src/core imports only src/core." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/adapters/model/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/adapters/github/**", "**/adapters/jobs/**", "probot", "@octokit/*"], message: "an adapter imports the core and its own SDK, never another adapter." }] }],
    },
  },
  {
    files: ["src/adapters/github/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/adapters/model/**", "**/adapters/jobs/**", "openai", "openai/*"], message: "an adapter imports the core and its own SDK, never another adapter." }] }],
    },
  },
);
