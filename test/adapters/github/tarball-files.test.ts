import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { extractTarball, type ArchiveLimits } from "../../../src/adapters/github/tarball-files.js";

const LIMITS: ArchiveLimits = { maxFileBytes: 1000, maxTextBytes: 10_000, maxArchiveBytes: 1_000_000 };

type Entry = { readonly name: string; readonly type?: "file" | "symlink" | "directory" | "link"; readonly content?: string; readonly linkname?: string };

async function targz(entries: readonly Entry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => {
    if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  });
  const done = new Promise<void>((resolve) => archive.on("end", () => resolve()));
  for (const entry of entries) {
    const header = { name: entry.name, type: entry.type ?? "file", ...(entry.linkname === undefined ? {} : { linkname: entry.linkname }) };
    if (entry.content === undefined) archive.entry(header);
    else archive.entry(header, Buffer.from(entry.content, "utf8"));
  }
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** The archive as a download: in chunks of 100 bytes. */
function chunked(bytes: Buffer): AsyncIterable<Uint8Array> {
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, (i + 1) * 100)));
}

describe("extractTarball", () => {
  it("keeps regular files under their repository path and leaves out folders and links", async () => {
    const archive = await targz([
      { name: "acme-widgets-1234567/", type: "directory" },
      { name: "acme-widgets-1234567/src/a.ts", content: "export const a = 1;\n" },
      { name: "acme-widgets-1234567/src/link.ts", type: "symlink", linkname: "a.ts" },
      { name: "acme-widgets-1234567/src/hard.ts", type: "link", linkname: "acme-widgets-1234567/src/a.ts" },
      { name: `acme-widgets-1234567/${"deep/".repeat(40)}long-name.ts`, content: "long\n" },
    ]);
    const { entries, cut } = await extractTarball(chunked(archive), LIMITS);
    expect(Object.fromEntries(entries)).toEqual({
      "src/a.ts": { kind: "text", text: "export const a = 1;\n" },
      [`${"deep/".repeat(40)}long-name.ts`]: { kind: "text", text: "long\n" },
    });
    expect(cut).toBeUndefined();
  });

  it("marks binary and oversized files without keeping their bytes", async () => {
    const archive = await targz([
      { name: "r/img.png", content: "\u0089PNG\u0000\u0001" },
      { name: "r/big.json", content: "x".repeat(1001) },
    ]);
    const { entries, textBytes } = await extractTarball(chunked(archive), LIMITS);
    expect(Object.fromEntries(entries)).toEqual({ "img.png": { kind: "binary" }, "big.json": { kind: "too-large", bytes: 1001 } });
    expect(textBytes).toBe(0);
  });

  it("stops at the text cap or the archive cap and says which", async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `r/f${i}.ts`, content: "y".repeat(400) }));
    const byText = await extractTarball(chunked(await targz(files)), { ...LIMITS, maxTextBytes: 1000 });
    expect([...byText.entries.keys()]).toEqual(["f0.ts", "f1.ts"]);
    expect(byText.cut).toBe("text");
    const byArchive = await extractTarball(chunked(await targz(files)), { ...LIMITS, maxArchiveBytes: 2000 });
    expect([...byArchive.entries.keys()]).toEqual(["f0.ts", "f1.ts"]);
    expect(byArchive.cut).toBe("archive");
  });

  it("rejects a download that is not gzip", async () => {
    await expect(extractTarball(chunked(Buffer.from("<html>not an archive</html>")), LIMITS)).rejects.toThrow(/incorrect header check/);
  });
});
