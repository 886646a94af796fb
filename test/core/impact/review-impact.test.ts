import { describe, expect, it } from "vitest";
import { memorySnapshot } from "../../../src/core/agent/memory-snapshot.js";
import { reviewImpact } from "../../../src/core/impact/review-impact.js";
import type { Logger, RepositorySnapshot } from "../../../src/core/ports.js";
import { mayShow, redact } from "../agent/support.js";
import { diffOf } from "./support.js";

const BEFORE = "export function parseConfig(raw: string) {\n  return JSON.parse(raw);\n}\n";
const AFTER = "export function parseConfig(raw: string, strict: boolean) {\n  return strict ? JSON.parse(raw) : {};\n}\n";
const FILES = { "src/config.ts": AFTER, "src/app.ts": 'import { parseConfig } from "./config";\nexport const config = parseConfig(process.env.RAW ?? "{}");\n' };

interface Recorded {
  readonly warnings: string[];
  readonly log: Logger;
}

function recorder(): Recorded {
  const warnings: string[] = [];
  return { warnings, log: { info: () => undefined, error: () => undefined, warn: (_details, message) => warnings.push(message) } };
}

/** A snapshot that counts its uses: the repository must not be downloaded when no symbol needs looking up. */
function counting(files: Record<string, string>): RepositorySnapshot & { uses: number } {
  const inner = memorySnapshot(new Map(Object.entries(files)));
  const snapshot = {
    uses: 0,
    listFiles() {
      snapshot.uses += 1;
      return inner.listFiles();
    },
    readFile(path: string) {
      snapshot.uses += 1;
      return inner.readFile(path);
    },
  };
  return snapshot;
}

describe("reviewImpact", () => {
  it("finds the uses elsewhere of a changed exported function, from the head text the review already read", async () => {
    const snapshot = counting(FILES);
    const sections = await reviewImpact([diffOf("src/config.ts", BEFORE, AFTER)], new Map([["src/config.ts", AFTER]]), { snapshot, mayShow, redact }, recorder().log);
    expect(sections.map((s) => s.title)).toEqual(["Uses of `parseConfig` (its signature changed in this pull request; declared in src/config.ts:1)"]);
    expect(sections[0]?.text).toContain('>  2 | export const config = parseConfig(process.env.RAW ?? "{}");');
  });

  it("leaves the repository untouched when the change touches no exported symbol", async () => {
    const snapshot = counting(FILES);
    const sections = await reviewImpact([diffOf("notes.txt", "a\n", "b\n"), diffOf("src/new.ts", null, "export const x = 1;\n")], new Map(), { snapshot, mayShow, redact }, recorder().log);
    expect(sections).toEqual([]);
    expect(snapshot.uses).toBe(0);
  });

  it("costs the section, not the review, when the repository cannot be read", async () => {
    const broken: RepositorySnapshot = { listFiles: () => Promise.reject(new Error("archive: HTTP 404")), readFile: () => Promise.reject(new Error("archive: HTTP 404")) };
    const { warnings, log } = recorder();
    const sections = await reviewImpact([diffOf("src/config.ts", BEFORE, AFTER)], new Map([["src/config.ts", AFTER]]), { snapshot: broken, mayShow, redact }, log);
    expect(sections).toEqual([]);
    expect(warnings).toEqual(["uses of changed symbols not searched; the review goes on without them"]);
  });
});
