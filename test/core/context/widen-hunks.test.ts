import { describe, expect, it } from "vitest";
import type { FileContext } from "../../../src/core/context/types.js";
import { widenHunks } from "../../../src/core/context/widen-hunks.js";
import { parsePatch } from "../../../src/core/diff/parse-patch.js";
import { renderHunk } from "../../../src/core/prompt/render-diff.js";
import { gitPatch } from "../../helpers/git-patch.js";

const TS_BEFORE = [
  "import { db } from './db';",                 // 1
  "",                                            // 2
  "export class Cache {",                        // 3
  "  private readonly entries = new Map();",     // 4
  "",                                            // 5
  "  async get(key: string): Promise<string> {", // 6
  "    const hit = this.entries.get(key);",      // 7
  "    if (hit) {",                              // 8
  "      return hit;",                           // 9
  "    }",                                       // 10
  "    const row = await db.find(key);",         // 11
  "    this.entries.set(key, row.value);",       // 12
  "    log('miss', key);",                       // 13
  "    count += 1;",                             // 14
  "    return row.value;",                       // 15
  "  }",                                         // 16
  "",                                            // 17
  "  clear(): void {",                           // 18
  "    this.entries.clear();",                   // 19
  "  }",                                         // 20
  "}",                                           // 21
  "",                                            // 22
  "export const version = 1;",                   // 23
].join("\n") + "\n";

function widen(before: string, after: string, maxLines = 30): { context: FileContext; render: (i: number) => string } {
  const hunks = parsePatch(gitPatch(before, after, { context: 1 }));
  const context = widenHunks(hunks, after, { maxLines });
  return { context, render: (i) => renderHunk(hunks[i] ?? (() => { throw new Error(`no hunk ${i}`); })(), context.get(i)) };
}

const numbers = (context: FileContext, hunk: number): { before: number[]; after: number[] } => ({
  before: context.get(hunk)?.before.map((l) => l.newLine) ?? [],
  after: context.get(hunk)?.after.map((l) => l.newLine) ?? [],
});

describe("widenHunks", () => {
  it("widens a change inside a method up to the method's signature and down to its closing brace", () => {
    const after = TS_BEFORE.replace("row.value);", "row.value ?? '');");
    const { context, render } = widen(TS_BEFORE, after);
    // The hunk (one line of git context) covers 11–13; the method runs 6–16.
    expect(numbers(context, 0)).toEqual({ before: [6, 7, 8, 9, 10], after: [14, 15, 16] });
    expect(render(0)).toBe(
      [
        "   :  async get(key: string): Promise<string> {",
        "   :    const hit = this.entries.get(key);",
        "   :    if (hit) {",
        "   :      return hit;",
        "   :    }",
        "@@ -11,3 +11,3 @@ export class Cache {",
        "11      const row = await db.find(key);",
        "   -    this.entries.set(key, row.value);",
        "12 +    this.entries.set(key, row.value ?? '');",
        "13      log('miss', key);",
        "   :    count += 1;",
        "   :    return row.value;",
        "   :  }",
      ].join("\n"),
    );
  });

  it("keeps the declaration and the lines nearest the change when the block is longer than the cap", () => {
    const after = TS_BEFORE.replace("row.value);", "row.value ?? '');");
    const { context, render } = widen(TS_BEFORE, after, 2);
    expect(numbers(context, 0)).toEqual({ before: [6, 10], after: [14, 16] });
    expect(render(0)).toContain("   :  async get(key: string): Promise<string> {\n   ⋮\n   :    }\n@@");
    expect(render(0)).toContain("   :    count += 1;\n   ⋮\n   :  }");
  });

  it("skips an `if` block and stops at the enclosing function", () => {
    const after = TS_BEFORE.replace("      return hit;", "      return hit.trim();");
    const { context } = widen(TS_BEFORE, after);
    // Hunk 8–10; enclosing method starts at 6 (the `if` on 8 is already in the hunk), block closes at 16.
    expect(numbers(context, 0)).toEqual({ before: [6, 7], after: [11, 12, 13, 14, 15, 16] });
  });

  it("shows the body below a changed signature", () => {
    const after = TS_BEFORE.replace("  clear(): void {", "  clear(reason: string): void {");
    const { context } = widen(TS_BEFORE, after);
    expect(numbers(context, 0).after).toEqual([20]);
  });

  it("works by indentation for Python, without a closing line", () => {
    const before = ["class Store:", "    def put(self, k, v):", "        check(k)", "        self.d[k] = v", "        self.n += 1", "        return v", "", "def main():", "    pass", ""].join("\n");
    const after = before.replace("self.d[k] = v", "self.d[k] = copy(v)");
    const { context } = widen(before, after);
    // Hunk 3–5; `def put` on 2 is the scope, which ends at 6 (the blank and `def main` are outside it).
    expect(numbers(context, 0)).toEqual({ before: [2], after: [6] });
  });

  it("adds nothing for a top-level change, when off, or when the text is another version of the file", () => {
    const after = TS_BEFORE.replace("version = 1", "version = 2");
    expect(widen(TS_BEFORE, after).context.size).toBe(0);
    const inner = TS_BEFORE.replace("row.value);", "row.value ?? '');");
    expect(widen(TS_BEFORE, inner, 0).context.size).toBe(0);
    const hunks = parsePatch(gitPatch(TS_BEFORE, inner, { context: 1 }));
    expect(widenHunks(hunks, TS_BEFORE, { maxLines: 30 }).size).toBe(0);
  });

  it("does not repeat lines between two hunks of one function", () => {
    const after = TS_BEFORE.replace("const hit = this", "const hit = await this").replace("count += 1", "count += 2");
    const { context } = widen(TS_BEFORE, after);
    const shown = [0, 1].flatMap((i) => [...numbers(context, i).before, ...numbers(context, i).after]);
    expect(new Set(shown).size).toBe(shown.length);
    // Hunk 0 covers 6–8 and hunk 1 covers 13–15: the lines between them are shown once, below hunk 0.
    expect(numbers(context, 0).after).toEqual([9, 10, 11, 12]);
    expect(numbers(context, 1)).toEqual({ before: [], after: [16] });
  });

  it("reads CRLF files", () => {
    const crlf = TS_BEFORE.replace(/\n/g, "\r\n");
    const { context } = widen(crlf, crlf.replace("row.value);", "row.value ?? '');"));
    expect(numbers(context, 0).before[0]).toBe(6);
  });
});
