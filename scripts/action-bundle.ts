import { build } from "esbuild";

export const ACTION_ENTRY = "src/action/main.ts";
export const ACTION_BUNDLE = "dist-action/index.js";

/**
 * The Action's single file, as GitHub runs it (no `npm install` on the runner): every dependency bundled, ESM for
 * Node 20 and 24. pino and other CommonJS packages call `require` for Node's built-ins, which an ES module does not
 * have, so the banner gives the bundle one. The output depends only on the sources and the locked packages (no
 * timestamps, no absolute paths), so a fresh build is byte-for-byte the committed one.
 */
export async function buildActionBundle(outfile: string): Promise<void> {
  await build({
    absWorkingDir: process.cwd(),
    entryPoints: [ACTION_ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    mainFields: ["module", "main"],
    conditions: ["node", "import"],
    banner: {
      js: "import { createRequire as __createRequire } from \"node:module\";\nconst require = __createRequire(import.meta.url);",
    },
    minify: false,
    sourcemap: false,
    charset: "utf8",
    logLevel: "warning",
  });
}
