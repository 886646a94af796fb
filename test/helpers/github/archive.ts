import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { pathMatcher } from "../../../src/core/diff/path-glob.js";

const BLOCK = 512;
/** Git writes every entry of an archive with the commit's time; a fixed time keeps the fake's bytes stable. */
const MTIME = new Date("2024-01-01T00:00:00Z");

/** The folder every path of a GitHub tarball sits in: `owner-repo-<7 characters of the SHA>`. */
export function archiveFolder(owner: string, repo: string, sha: string): string {
  return `${owner}-${repo}-${sha.slice(0, 7)}`;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/**
 * The pax global header `git archive` (and so GitHub) puts first: `comment=<commit SHA>`. tar-stream can read
 * it but not write it, so it is written here by the ustar rules.
 */
function paxGlobalHeader(sha: string): Buffer {
  const record = (key: string, value: string): string => {
    const body = ` ${key}=${value}\n`;
    let length = body.length + 1;
    while (String(length).length + body.length !== length) length = String(length).length + body.length;
    return `${length}${body}`;
  };
  const data = Buffer.from(record("comment", sha), "utf8");
  const header = Buffer.alloc(BLOCK, 0);
  header.write("pax_global_header", 0, "utf8");
  header.write(octal(0o666, 8), 100, "ascii");
  header.write(octal(0, 8), 108, "ascii");
  header.write(octal(0, 8), 116, "ascii");
  header.write(octal(data.length, 12), 124, "ascii");
  header.write(octal(Math.floor(MTIME.getTime() / 1000), 12), 136, "ascii");
  header.write("g", 156, "ascii");
  header.write("ustar\u000000", 257, "ascii");
  header.write(" ".repeat(8), 148, "ascii");
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  const padded = Buffer.alloc(Math.ceil(data.length / BLOCK) * BLOCK, 0);
  data.copy(padded);
  return Buffer.concat([header, padded]);
}

async function tarOf(folder: string, files: ReadonlyMap<string, string>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => {
    if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on("end", () => resolve());
    archive.on("error", reject);
  });
  const paths = [...files.keys()].sort();
  const folders = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) folders.add(parts.slice(0, depth).join("/"));
  }
  archive.entry({ name: `${folder}/`, type: "directory", mode: 0o775, mtime: MTIME });
  for (const dir of [...folders].sort()) archive.entry({ name: `${folder}/${dir}/`, type: "directory", mode: 0o775, mtime: MTIME });
  for (const path of paths) {
    archive.entry({ name: `${folder}/${path}`, type: "file", mode: 0o664, mtime: MTIME }, Buffer.from(files.get(path) ?? "", "utf8"));
  }
  archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}

/**
 * `git archive` leaves out what the root `.gitattributes` marks `export-ignore` (GitHub's archives too):
 * `/docs export-ignore`, `tests/ export-ignore`, `*.snap export-ignore`.
 */
function exportIgnored(files: ReadonlyMap<string, string>): (path: string) => boolean {
  const attributes = files.get(".gitattributes") ?? "";
  const matchers = attributes
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pattern, ...attrs]) => pattern !== undefined && pattern !== "" && !pattern.startsWith("#") && attrs.includes("export-ignore"))
    .map(([pattern = ""]) => pathMatcher(pattern.replace(/^\//, "").replace(/\/$/, "")));
  // git checks the attribute on every folder on the way down: an ignored folder takes its files with it.
  return (path) => {
    const parts = path.split("/");
    return parts.some((_, depth) => matchers.some((matches) => matches(parts.slice(0, depth + 1).join("/"))));
  };
}

/** A `.tar.gz` as GitHub's codeload serves it for a commit: the pax global header, then the files in one folder. */
export async function githubTarball(owner: string, repo: string, sha: string, files: ReadonlyMap<string, string>): Promise<Buffer> {
  const ignored = exportIgnored(files);
  const exported = new Map([...files].filter(([path]) => !ignored(path)));
  const tar = await tarOf(archiveFolder(owner, repo, sha), exported);
  return gzipSync(Buffer.concat([paxGlobalHeader(sha), tar]));
}

/** Git's object id of a file's bytes. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
