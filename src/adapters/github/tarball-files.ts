import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";

/** What the snapshot holds for one file of the head commit. */
export type StoredEntry =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "binary" }
  | { readonly kind: "too-large"; readonly bytes: number }
  /** The file exists but its text is not held: it is read through the contents API when asked for. */
  | { readonly kind: "remote"; readonly reason: string };

export interface ArchiveLimits {
  /** A file larger than this is listed but its text is not kept. */
  readonly maxFileBytes: number;
  /** Text kept over the whole archive; reading stops at the file that would pass it. */
  readonly maxTextBytes: number;
  /** Uncompressed archive bytes read at most; past it the download stops and the archive is cut. */
  readonly maxArchiveBytes: number;
}

export interface ExtractedArchive {
  /** path (without the archive's top folder) → entry, for regular files. */
  readonly entries: Map<string, StoredEntry>;
  readonly textBytes: number;
  /** Reading stopped at a cap (`text`: maxTextBytes, `archive`: maxArchiveBytes): `entries` holds what came before. */
  readonly cut?: "text" | "archive";
}

/** Git's rule: a NUL byte in the first 8,000 bytes makes a file binary. */
const BINARY_PROBE_BYTES = 8000;

function isBinary(bytes: Uint8Array): boolean {
  const probe = bytes.subarray(0, BINARY_PROBE_BYTES);
  return probe.includes(0);
}

/** `owner-repo-sha/src/a.ts` → `src/a.ts`: GitHub puts every path of a tarball in one top folder. */
function repositoryPath(name: string): string | undefined {
  const slash = name.indexOf("/");
  if (slash === -1) return undefined;
  const path = name.slice(slash + 1).replace(/\/+$/, "");
  return path === "" ? undefined : path;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) {
    if (chunk instanceof Uint8Array) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) {
    // Skipped content must still be read: a tar archive is one sequential stream.
  }
}

/**
 * Reads a `.tar.gz` stream into memory as it arrives: text files up to the caps, binary and oversized files
 * only as such. Symbolic links, folders and other special entries are left out: nothing is written to disk
 * and nothing from the archive is ever run.
 */
export async function extractTarball(body: AsyncIterable<Uint8Array>, limits: ArchiveLimits): Promise<ExtractedArchive> {
  const source = Readable.from(body, { objectMode: false });
  const gunzip = createGunzip();
  const entriesOf = extract();
  source.on("error", (error) => entriesOf.destroy(error));
  gunzip.on("error", (error) => entriesOf.destroy(error));
  source.pipe(gunzip).pipe(entriesOf);

  const entries = new Map<string, StoredEntry>();
  const decoder = new TextDecoder("utf-8");
  let textBytes = 0;
  let archiveBytes = 0;
  let cut: ExtractedArchive["cut"];
  try {
    for await (const entry of entriesOf) {
      const { header } = entry;
      archiveBytes += 512 + header.size;
      if (archiveBytes > limits.maxArchiveBytes) {
        cut = "archive";
        break;
      }
      const path = repositoryPath(header.name);
      if (path === undefined || (header.type !== "file" && header.type !== "contiguous-file")) {
        await drain(entry);
        continue;
      }
      if (header.size > limits.maxFileBytes) {
        await drain(entry);
        entries.set(path, { kind: "too-large", bytes: header.size });
        continue;
      }
      const bytes = await readAll(entry);
      if (isBinary(bytes)) entries.set(path, { kind: "binary" });
      else if (textBytes + bytes.length > limits.maxTextBytes) {
        // Reading on would only list names, which the Git tree gives in one request.
        cut = "text";
        break;
      } else {
        entries.set(path, { kind: "text", text: decoder.decode(bytes) });
        textBytes += bytes.length;
      }
    }
  } finally {
    // Stops the download when the loop ended early (a cut, or an error).
    source.destroy();
    gunzip.destroy();
  }
  return { entries, textBytes, ...(cut === undefined ? {} : { cut }) };
}
