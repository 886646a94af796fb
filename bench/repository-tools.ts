import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import { createGitHubRepositorySnapshot, createSnapshotCache } from "../src/adapters/github/repository-snapshot.js";
import { extractTarball } from "../src/adapters/github/tarball-files.js";
import { runRepositoryTool } from "../src/core/agent/run-tool.js";
import type { RepositoryToolEnvironment } from "../src/core/agent/tool-result.js";
import type { ChangedSymbol } from "../src/core/impact/changed-symbols.js";
import { findSymbolUses } from "../src/core/impact/symbol-uses.js";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { githubTarball } from "../test/helpers/github/archive.js";

/**
 * `npm run bench:tools`: a synthetic repository of 1,000 to 12,000 TypeScript files (≈4 KB each) served by the
 * fake GitHub as a tarball: time to download and extract it, peak memory, and the time of each repository
 * tool and of the cross-file impact search over it. Each size runs in its own process.
 */
const RowSchema = z.object({
  files: z.number(),
  textMb: z.number(),
  archiveMb: z.number(),
  extractMs: z.number(),
  loadMs: z.number(),
  apiRequests: z.number(),
  searchLiteralMs: z.number(),
  searchCommonMs: z.number(),
  searchRegexMs: z.number(),
  listMs: z.number(),
  readMs: z.number(),
  impactMs: z.number(),
  peakRssMb: z.number(),
});
type Row = z.infer<typeof RowSchema>;

const SIZES = [1000, 4000, 12000];

function sourceFile(index: number): string {
  const lines = [`import { helper${index % 50} } from "../shared/helpers";`, ""];
  for (let fn = 0; fn < 12; fn += 1) {
    lines.push(`export function handler${index}_${fn}(input: string, options: Options): Result {`);
    lines.push(`  const value = helper${(index + fn) % 50}(input.trim(), options.mode);`);
    lines.push(`  if (value.length > ${fn * 10}) return { ok: false, reason: "too long: " + value };`);
    lines.push(`  return { ok: true, value: parseConfig${index % 20}(value) };`);
    lines.push("}", "");
  }
  return `${lines.join("\n")}\n`;
}

async function measure(size: number): Promise<Row> {
  const files = new Map<string, string>();
  for (let i = 0; i < size; i += 1) files.set(`src/module${Math.floor(i / 100)}/file${i}.ts`, sourceFile(i));
  const textBytes = [...files.values()].reduce((sum, text) => sum + text.length, 0);
  const archive = await githubTarball("acme", "big", "a".repeat(40), files);

  let started = performance.now();
  await extractTarball(Readable.from([archive]), { maxFileBytes: 1024 * 1024, maxTextBytes: 50 * 1024 * 1024, maxArchiveBytes: 1024 * 1024 * 1024 });
  const extractMs = performance.now() - started;

  const github = await startFakeGitHub();
  try {
    for (const [path, text] of files) github.setFile("acme", "big", path, text, "a".repeat(40));
    const octokit = new Octokit({ baseUrl: github.baseUrl, auth: github.createInstallationToken() });
    const snapshot = createGitHubRepositorySnapshot(octokit, { owner: "acme", repo: "big", headSha: "a".repeat(40) }, { cache: createSnapshotCache(512 * 1024 * 1024) });
    started = performance.now();
    await snapshot.listFiles();
    // Includes the fake packing the archive for the download, as GitHub would.
    const loadMs = performance.now() - started;
    const environment: RepositoryToolEnvironment = { snapshot, mayShow: () => true, redact: (text) => text };
    const time = async (name: string, args: unknown): Promise<number> => {
      const begin = performance.now();
      await runRepositoryTool({ name, arguments: args }, environment);
      return performance.now() - begin;
    };
    const searchLiteralMs = await time("search_code", { query: `handler${size - 1}_3(` });
    const searchCommonMs = await time("search_code", { query: "export function" });
    const searchRegexMs = await time("search_code", { query: "helper\\d+\\(input", regex: true });
    const listMs = await time("list_files", { path_glob: "src/module1*/**" });
    const readMs = await time("read_file", { path: "src/module0/file7.ts", start_line: 10, end_line: 60 });
    const symbols = Array.from({ length: 8 }, (_, i): ChangedSymbol => ({
      name: `parseConfig${i}`, identifier: `parseConfig${i}`, member: false, kind: "function", language: "typescript",
      path: "src/config.ts", change: "signature", changedLines: 1,
    }));
    started = performance.now();
    await findSymbolUses(symbols, { snapshot, mayShow: () => true, redact: (text) => text, diffs: [] });
    const impactMs = performance.now() - started;
    return {
      files: size,
      textMb: textBytes / 1e6,
      archiveMb: archive.length / 1e6,
      extractMs,
      loadMs,
      apiRequests: github.requests.length,
      searchLiteralMs,
      searchCommonMs,
      searchRegexMs,
      listMs,
      readMs,
      impactMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await github.close();
  }
}

const sizeArgument = process.argv[2];
if (sizeArgument !== undefined) {
  console.log(JSON.stringify(await measure(Number(sizeArgument))));
} else {
  const rows = SIZES.map((size) => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "bench/repository-tools.ts", String(size)], { encoding: "utf8" });
    return RowSchema.parse(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"));
  });
  const ms = (value: number): string => value.toFixed(0);
  console.log("Repository snapshot and tools over a synthetic repository of TypeScript files, served by the fake GitHub.");
  console.log("| files | text (MB) | archive (MB) | extract (ms) | download + extract (ms) | API requests | search rare (ms) | search common (ms) | search regex (ms) | list (ms) | read (ms) | impact, 8 symbols (ms) | peak RSS (MB) |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.files} | ${r.textMb.toFixed(1)} | ${r.archiveMb.toFixed(1)} | ${ms(r.extractMs)} | ${ms(r.loadMs)} | ${r.apiRequests} | ${ms(r.searchLiteralMs)} | ${ms(r.searchCommonMs)} | ${ms(r.searchRegexMs)} | ${ms(r.listMs)} | ${ms(r.readMs)} | ${ms(r.impactMs)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
}
