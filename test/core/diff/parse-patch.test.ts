import { describe, expect, it } from "vitest";
import { MalformedPatchError, parsePatch } from "../../../src/core/diff/parse-patch.js";
import type { DiffLine } from "../../../src/core/diff/types.js";

const NO_NEWLINE = "\\ No newline at end of file";

/** Builds a patch from its lines the way GitHub sends it: joined with `\n`, nothing after the last line. */
function patchOf(...lines: string[]): string {
  return lines.join("\n");
}

const context = (oldLine: number, newLine: number, text: string): DiffLine => ({ kind: "context", oldLine, newLine, text });
const added = (newLine: number, text: string): DiffLine => ({ kind: "add", newLine, text });
const deleted = (oldLine: number, text: string): DiffLine => ({ kind: "delete", oldLine, text });

interface LineCase {
  readonly name: string;
  readonly patch: string;
  readonly lines: readonly DiffLine[];
}

/** Single-hunk patches and the lines they must give. */
const SINGLE_HUNK_CASES: readonly LineCase[] = [
  {
    name: "a plain modification",
    patch: patchOf("@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"),
    lines: [context(1, 1, "a"), deleted(2, "b"), added(2, "B"), context(3, 3, "c")],
  },
  {
    name: "a hunk starting further down, with a section heading after the header",
    patch: patchOf("@@ -10,2 +12,3 @@ function f() {", " x", "+y", " z"),
    lines: [context(10, 12, "x"), added(13, "y"), context(11, 14, "z")],
  },
  {
    name: "headers without counts (one line each side)",
    patch: patchOf("@@ -1 +1 @@", "-a", "+b"),
    lines: [deleted(1, "a"), added(1, "b")],
  },
  {
    name: "a new file",
    patch: patchOf("@@ -0,0 +1,2 @@", "+a", "+b"),
    lines: [added(1, "a"), added(2, "b")],
  },
  {
    name: "a new one-line file (header `+1` without count)",
    patch: patchOf("@@ -0,0 +1 @@", "+only"),
    lines: [added(1, "only")],
  },
  {
    name: "a deleted file",
    patch: patchOf("@@ -1,2 +0,0 @@", "-a", "-b"),
    lines: [deleted(1, "a"), deleted(2, "b")],
  },
  {
    name: "`\\ No newline` after a deleted line (old file had no final newline)",
    patch: patchOf("@@ -1,2 +1,2 @@", " a", "-b", NO_NEWLINE, "+b"),
    lines: [context(1, 1, "a"), deleted(2, "b"), added(2, "b")],
  },
  {
    name: "`\\ No newline` after an added line (new file has no final newline)",
    patch: patchOf("@@ -1,2 +1,2 @@", " a", "-b", "+c", NO_NEWLINE),
    lines: [context(1, 1, "a"), deleted(2, "b"), added(2, "c")],
  },
  {
    name: "`\\ No newline` on both sides",
    patch: patchOf("@@ -1 +1 @@", "-a", NO_NEWLINE, "+b", NO_NEWLINE),
    lines: [deleted(1, "a"), added(1, "b")],
  },
  {
    name: "`\\ No newline` after a context line",
    patch: patchOf("@@ -1,2 +1,2 @@", "-a", "+A", " b", NO_NEWLINE),
    lines: [deleted(1, "a"), added(1, "A"), context(2, 2, "b")],
  },
  {
    name: "a CRLF file as git writes it (`\\r` before each content line's `\\n`)",
    patch: "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n",
    lines: [context(1, 1, "a"), deleted(2, "b"), added(2, "B"), context(3, 3, "c")],
  },
  {
    name: "a patch saved with CRLF everywhere, header and marker included",
    patch: "@@ -1 +1 @@\r\n-a\r\n\\ No newline at end of file\r\n+b\r\n\\ No newline at end of file\r\n",
    lines: [deleted(1, "a"), added(1, "b")],
  },
  {
    name: "a CRLF file without final newline: the last line has no `\\r`",
    patch: "@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file",
    lines: [context(1, 1, "a"), deleted(2, "b"), added(2, "B")],
  },
  {
    name: "a file ending in a lone `\\r`: that `\\r` is content, since no newline follows it",
    patch: "@@ -1 +1 @@\n-a\r\n\\ No newline at end of file\n+b\n\\ No newline at end of file",
    lines: [deleted(1, "a\r"), added(1, "b")],
  },
  {
    name: "a `\\r` inside a line is content",
    patch: patchOf("@@ -1 +1 @@", "-a\rb", "+a\rc"),
    lines: [deleted(1, "a\rb"), added(1, "a\rc")],
  },
  {
    name: "deleted and added lines that look like file headers, right after the hunk header",
    patch: patchOf("@@ -1,3 +1,3 @@", "--- a/file.txt", "-- ", "+++ b/file.txt", "++ ", " keep"),
    lines: [deleted(1, "-- a/file.txt"), deleted(2, "- "), added(1, "++ b/file.txt"), added(2, "+ "), context(3, 3, "keep")],
  },
  {
    name: "lines that look like diff headers and hunk headers",
    patch: patchOf("@@ -1,3 +1,3 @@", "-diff --git a/x b/x", "+index 0000000..1111111 100644", " @@ -1 +1 @@", "-new file mode 100644", "+@@ -2 +2 @@"),
    lines: [
      deleted(1, "diff --git a/x b/x"),
      added(1, "index 0000000..1111111 100644"),
      context(2, 2, "@@ -1 +1 @@"),
      deleted(3, "new file mode 100644"),
      added(3, "@@ -2 +2 @@"),
    ],
  },
  {
    name: "a file line that reads `\\ No newline at end of file` is a line, not the marker",
    patch: patchOf("@@ -1 +1,2 @@", ` ${NO_NEWLINE}`, `+${NO_NEWLINE}`),
    lines: [context(1, 1, NO_NEWLINE), added(2, NO_NEWLINE)],
  },
  {
    name: "empty context lines, with their space and with it trimmed away",
    patch: patchOf("@@ -1,4 +1,4 @@", " ", "", "-a", "+b", ""),
    lines: [context(1, 1, ""), context(2, 2, ""), deleted(3, "a"), added(3, "b"), context(4, 4, "")],
  },
  {
    name: "a patch ending with a newline, as `git diff` writes it",
    patch: "@@ -1 +1 @@\n-a\n+b\n",
    lines: [deleted(1, "a"), added(1, "b")],
  },
  {
    name: "whitespace-only lines keep their whitespace",
    patch: patchOf("@@ -1 +1 @@", "-\t", "+   "),
    lines: [deleted(1, "\t"), added(1, "   ")],
  },
  {
    name: "non-ASCII text",
    patch: patchOf("@@ -1,2 +1,2 @@", " héllo wörld", "-日本語", "+emoji 🚀👍🏽 and ZWJ 👨‍👩‍👧"),
    lines: [context(1, 1, "héllo wörld"), deleted(2, "日本語"), added(2, "emoji 🚀👍🏽 and ZWJ 👨‍👩‍👧")],
  },
];

describe("parsePatch", () => {
  it.each(["", "\n", "  \n"])("gives no hunks for an empty patch (%j)", (patch) => {
    expect(parsePatch(patch)).toEqual([]);
  });

  it.each(SINGLE_HUNK_CASES)("parses $name", ({ patch, lines }) => {
    const hunks = parsePatch(patch);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]?.lines).toStrictEqual(lines);
  });

  it("keeps the header and its counts, defaulting a missing count to 1", () => {
    expect(parsePatch(patchOf("@@ -4 +4,2 @@ class A", "-a", "+b", "+c"))).toStrictEqual([
      {
        index: 0,
        header: "@@ -4 +4,2 @@ class A",
        oldStart: 4,
        oldLines: 1,
        newStart: 4,
        newLines: 2,
        lines: [deleted(4, "a"), added(4, "b"), added(5, "c")],
      },
    ]);
  });

  it("strips the `\\r` from a CRLF header", () => {
    expect(parsePatch("@@ -1 +1 @@ f\r\n-a\r\n+b\r\n")[0]?.header).toBe("@@ -1 +1 @@ f");
  });

  it("numbers the hunks of a patch and their lines", () => {
    const hunks = parsePatch(
      patchOf("@@ -1,2 +1,2 @@", "-a", "+A", " b", "@@ -10,2 +10,3 @@ section", " j", "+++ k", " l"),
    );
    expect(hunks.map((hunk) => [hunk.index, hunk.header])).toEqual([
      [0, "@@ -1,2 +1,2 @@"],
      [1, "@@ -10,2 +10,3 @@ section"],
    ]);
    expect(hunks[1]?.lines).toStrictEqual([context(10, 10, "j"), added(11, "++ k"), context(11, 12, "l")]);
  });

  it("reads `--- x` and `+++ x` opening a later hunk as lines, not file headers", () => {
    const hunks = parsePatch(
      patchOf("@@ -1 +1 @@", "-a", "+b", "@@ -5,2 +5,2 @@", "--- a/file.txt", "+++ b/file.txt", " c", NO_NEWLINE),
    );
    expect(hunks).toHaveLength(2);
    expect(hunks[1]?.lines).toStrictEqual([deleted(5, "-- a/file.txt"), added(5, "++ b/file.txt"), context(6, 6, "c")]);
  });

  it("keeps very long lines whole", () => {
    const long = "é".repeat(200_000);
    expect(parsePatch(patchOf("@@ -1 +1 @@", `-${long}`, `+${long}x`))[0]?.lines).toStrictEqual([
      deleted(1, long),
      added(1, `${long}x`),
    ]);
  });

  it.each([
    { name: "a hunk shorter than its header says", patch: patchOf("@@ -1,3 +1,3 @@", " a", " b") },
    { name: "lines after a hunk's declared end", patch: patchOf("@@ -1 +1 @@", " a", " b") },
    { name: "file headers before the first hunk", patch: patchOf("--- a/x", "+++ b/x", "@@ -1 +1 @@", "-a", "+b") },
    { name: "a `\\ No newline` marker that follows no line", patch: patchOf("@@ -1 +1 @@", NO_NEWLINE) },
    { name: "text that is no diff at all", patch: "Binary files a/x and b/x differ" },
    { name: "a hunk whose header undercounts, swallowing the next header", patch: patchOf("@@ -1,2 +1,1 @@", "-a", "-b", "@@ -9 +8 @@", " z") },
  ])("refuses $name", ({ patch }) => {
    expect(() => parsePatch(patch)).toThrow(MalformedPatchError);
  });
});
