import { z } from "zod";
import { describeError } from "../../core/errors.js";
import type { Logger, RepositorySnapshot, SnapshotFile, SnapshotListing, SnapshotReadPurpose } from "../../core/ports.js";
import { httpStatusOf } from "./github-errors.js";
import { SnapshotCache, type Sized } from "./snapshot-cache.js";
import { extractTarball, type ArchiveLimits, type ExtractedArchive, type StoredEntry } from "./tarball-files.js";

/**
 * The one Octokit method the snapshot uses. Probot's per-job client and `@octokit/rest`'s both fit, so the
 * snapshot is made with whichever client the job holds.
 */
export interface SnapshotOctokit {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ readonly status: number; readonly data: unknown }>;
}

export interface SnapshotTarget {
  readonly owner: string;
  readonly repo: string;
  /** The reviewed commit: every read is pinned to it, even for a fork's pull request. */
  readonly headSha: string;
}

export interface SnapshotLimits extends ArchiveLimits {
  /** How long the archive download may take before the snapshot falls back to the Git tree. */
  readonly downloadTimeoutMs: number;
  /** Files one review may read through the contents API for read_file (files the archive did not hold). */
  readonly maxFileReads: number;
  /** Files one review may fetch through the contents API while searching. */
  readonly maxSearchFetches: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = {
  maxFileBytes: MIB,
  maxTextBytes: 50 * MIB,
  maxArchiveBytes: 512 * MIB,
  downloadTimeoutMs: 120_000,
  maxFileReads: 40,
  maxSearchFetches: 100,
};

/** One commit's files as downloaded: shared between reviews through the cache, so it holds no client. */
export interface SnapshotData extends Sized {
  readonly source: "tarball" | "tree" | "tarball and tree";
  readonly paths: readonly string[];
  readonly entries: ReadonlyMap<string, StoredEntry>;
  /** Why `paths` is not the whole tree. */
  readonly incomplete?: string;
  /** `.gitattributes` marks files `export-ignore`: GitHub's archive leaves them out, so a path it lacks may exist. */
  readonly exportIgnore: boolean;
}

/** What one review's snapshot did, for logs and metrics. */
export interface SnapshotStats {
  /** Undefined until the snapshot is first used. */
  readonly source?: SnapshotData["source"];
  readonly files?: number;
  readonly incomplete?: string;
  /** Files read one by one through the contents API (read_file, then search). */
  readonly fileReads: number;
  readonly searchFetches: number;
}

export interface GitHubRepositorySnapshot extends RepositorySnapshot {
  stats(): SnapshotStats;
}

export interface GitHubSnapshotOptions {
  /**
   * Where snapshots are kept for later reviews of the same commit: the server's, one per running app. Without
   * one the snapshot is this review's alone.
   */
  readonly cache?: SnapshotCache<SnapshotData>;
  readonly limits?: Partial<SnapshotLimits>;
  readonly log?: Logger;
}

/** Bytes of snapshots a server keeps for later reviews of the same commit. */
export const DEFAULT_SNAPSHOT_CACHE_BYTES = 256 * MIB;

export function createSnapshotCache(maxBytes: number = DEFAULT_SNAPSHOT_CACHE_BYTES): SnapshotCache<SnapshotData> {
  return new SnapshotCache<SnapshotData>(maxBytes);
}

function snapshotKey(target: SnapshotTarget): string {
  return `${target.owner.toLowerCase()}/${target.repo.toLowerCase()}@${target.headSha.toLowerCase()}`;
}

// GitHub answers 302 to an archive host (codeload.github.com, or the GHES host's own); fetch follows it and,
// the host being another origin, drops the Authorization header on the way, as the Fetch standard asks. The
// link carries its own token (valid five minutes for a private repository), so the download needs none.
// `parseSuccessResponseBody: false` hands over the body as a stream, read as it arrives within the caps.
async function downloadArchive(octokit: SnapshotOctokit, target: SnapshotTarget, limits: SnapshotLimits): Promise<ExtractedArchive> {
  const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    request: { parseSuccessResponseBody: false, signal: AbortSignal.timeout(limits.downloadTimeoutMs) },
  });
  const body = response.data;
  if (typeof body !== "object" || body === null || !(Symbol.asyncIterator in body)) {
    throw new Error("GitHub's tarball answer had no body");
  }
  return extractTarball(body as AsyncIterable<Uint8Array>, limits);
}

const TreeSchema = z.object({
  tree: z.array(z.object({ path: z.string(), mode: z.string(), type: z.string(), size: z.number().optional() })),
  truncated: z.boolean(),
});

const TRUNCATED_TREE = "GitHub's listing of the tree was truncated (over 100,000 entries or 7 MB)";
const LISTED_FROM_TREE = "read from GitHub when asked for";

async function listTree(octokit: SnapshotOctokit, target: SnapshotTarget): Promise<z.output<typeof TreeSchema>> {
  // A commit SHA names its tree here; any value of `recursive` lists the whole tree in one request.
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    owner: target.owner,
    repo: target.repo,
    tree_sha: target.headSha,
    recursive: "1",
  });
  const parsed = TreeSchema.safeParse(data);
  if (!parsed.success) throw new Error(`GitHub's tree answer was not understood: ${parsed.error.message}`);
  return parsed.data;
}

function sortedPaths(entries: ReadonlyMap<string, StoredEntry>): string[] {
  return [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function weigh(entries: ReadonlyMap<string, StoredEntry>, textBytes: number): number {
  let bytes = textBytes;
  for (const path of entries.keys()) bytes += path.length + 64;
  return bytes;
}

function marksExportIgnore(entries: ReadonlyMap<string, StoredEntry>): boolean {
  for (const [path, entry] of entries) {
    if ((path === ".gitattributes" || path.endsWith("/.gitattributes")) && entry.kind === "text" && entry.text.includes("export-ignore")) return true;
  }
  return false;
}

function archiveData(archive: ExtractedArchive, incomplete?: string): SnapshotData {
  return {
    source: "tarball",
    paths: sortedPaths(archive.entries),
    entries: archive.entries,
    ...(incomplete === undefined ? {} : { incomplete }),
    exportIgnore: marksExportIgnore(archive.entries),
    bytes: weigh(archive.entries, archive.textBytes),
  };
}

/** The tree lists every file; what a cut archive already holds is kept, the rest is read when asked for. */
function treeData(tree: z.output<typeof TreeSchema>, limits: SnapshotLimits, archive: ExtractedArchive | undefined): SnapshotData {
  const entries = new Map<string, StoredEntry>();
  for (const item of tree.tree) {
    // Blobs only: symbolic links (120000) point elsewhere and submodules (commits) are other repositories.
    if (item.type !== "blob" || item.mode === "120000") continue;
    const held = archive?.entries.get(item.path);
    if (held !== undefined) entries.set(item.path, held);
    else if (item.size !== undefined && item.size > limits.maxFileBytes) entries.set(item.path, { kind: "too-large", bytes: item.size });
    else entries.set(item.path, { kind: "remote", reason: LISTED_FROM_TREE });
  }
  return {
    source: archive === undefined ? "tree" : "tarball and tree",
    paths: sortedPaths(entries),
    entries,
    ...(tree.truncated ? { incomplete: TRUNCATED_TREE } : {}),
    exportIgnore: false,
    bytes: weigh(entries, archive?.textBytes ?? 0),
  };
}

/**
 * One tarball per commit; when GitHub refuses it, it times out, or it is larger than the cap, the Git tree
 * lists the files (one request) and files are read one by one when asked for.
 */
async function loadSnapshot(octokit: SnapshotOctokit, target: SnapshotTarget, limits: SnapshotLimits, log: Logger | undefined): Promise<SnapshotData> {
  const where = { owner: target.owner, repo: target.repo, headSha: target.headSha };
  let archive: ExtractedArchive | undefined;
  let archiveProblem: string;
  try {
    archive = await downloadArchive(octokit, target, limits);
    if (archive.cut === undefined) return archiveData(archive);
    archiveProblem =
      archive.cut === "text"
        ? `the repository holds more than ${limits.maxTextBytes} bytes of text`
        : `the archive is larger than ${limits.maxArchiveBytes} bytes`;
  } catch (error) {
    const status = httpStatusOf(error);
    archiveProblem = status === undefined ? describeError(error) : `HTTP ${status}: ${describeError(error)}`;
  }
  log?.warn({ ...where, reason: archiveProblem }, "repository archive not usable; listing the Git tree instead");
  try {
    return treeData(await listTree(octokit, target), limits, archive);
  } catch (error) {
    const status = httpStatusOf(error);
    const treeProblem = status === undefined ? describeError(error) : `HTTP ${status}: ${describeError(error)}`;
    if (archive !== undefined) {
      return archiveData(archive, `only part of the repository's archive was read (${archiveProblem}), and its tree could not be listed (${treeProblem})`);
    }
    throw new Error(`the repository at ${target.headSha.slice(0, 7)} could not be downloaded (archive: ${archiveProblem}; tree: ${treeProblem})`);
  }
}

function classify(bytes: Uint8Array, limits: SnapshotLimits): SnapshotFile {
  if (bytes.length > limits.maxFileBytes) return { kind: "too-large", bytes: bytes.length, limit: limits.maxFileBytes };
  if (bytes.subarray(0, 8000).includes(0)) return { kind: "binary" };
  return { kind: "text", text: new TextDecoder("utf-8").decode(bytes) };
}

async function readThroughContents(octokit: SnapshotOctokit, target: SnapshotTarget, path: string, limits: SnapshotLimits): Promise<SnapshotFile> {
  try {
    // The raw media type answers with the file itself (up to 100 MB) instead of base64 JSON (up to 1 MB).
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: target.owner,
      repo: target.repo,
      path,
      ref: target.headSha,
      mediaType: { format: "raw" },
    });
    if (typeof data === "string") return classify(Buffer.from(data, "utf8"), limits);
    if (data instanceof ArrayBuffer) return classify(new Uint8Array(data), limits);
    // A folder answers with a JSON list of its entries.
    return { kind: "missing" };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404) return { kind: "missing" };
    return { kind: "unavailable", reason: `GitHub did not answer (${status === undefined ? describeError(error) : `HTTP ${status}`})` };
  }
}

/**
 * The repository at the reviewed head, served from one download per commit shared by every review of that
 * commit (see SnapshotCache), loaded on first use. Files the download did not hold are read through the
 * contents API within the review's budgets. Nothing of the repository is ever run.
 */
export function createGitHubRepositorySnapshot(
  octokit: SnapshotOctokit,
  target: SnapshotTarget,
  options: GitHubSnapshotOptions = {},
): GitHubRepositorySnapshot {
  const limits: SnapshotLimits = { ...DEFAULT_SNAPSHOT_LIMITS, ...options.limits };
  const cache = options.cache ?? createSnapshotCache();
  let loading: Promise<SnapshotData> | undefined;
  let loaded: SnapshotData | undefined;
  const fetched = new Map<string, Promise<SnapshotFile>>();
  let fileReads = 0;
  let searchFetches = 0;

  // A failed load is remembered for this review: the model's next call must not start another download.
  const data = (): Promise<SnapshotData> => {
    loading ??= cache.load(snapshotKey(target), () => loadSnapshot(octokit, target, limits, options.log)).then((value) => {
      loaded = value;
      return value;
    });
    return loading;
  };

  const fetchFile = (path: string, purpose: SnapshotReadPurpose): Promise<SnapshotFile> => {
    const known = fetched.get(path);
    if (known !== undefined) return known;
    if (purpose === "search") {
      if (searchFetches >= limits.maxSearchFetches) {
        return Promise.resolve({ kind: "unavailable", reason: `not downloaded (this review's ${limits.maxSearchFetches} file downloads for searching are spent)` });
      }
      searchFetches += 1;
    } else {
      if (fileReads >= limits.maxFileReads) {
        return Promise.resolve({ kind: "unavailable", reason: `this review's ${limits.maxFileReads} file downloads are spent` });
      }
      fileReads += 1;
    }
    const reading = readThroughContents(octokit, target, path, limits);
    fetched.set(path, reading);
    return reading;
  };

  return {
    async listFiles(): Promise<SnapshotListing> {
      const { paths, incomplete } = await data();
      return { paths, ...(incomplete === undefined ? {} : { incomplete }) };
    },

    async readFile(path: string, purpose: SnapshotReadPurpose = "read"): Promise<SnapshotFile> {
      const snapshot = await data();
      const entry = snapshot.entries.get(path);
      if (entry === undefined) {
        // The listing may lack a file that exists: a truncated tree, or an archive without its export-ignore files.
        const mayExist = snapshot.incomplete !== undefined || snapshot.exportIgnore;
        return purpose === "read" && mayExist ? fetchFile(path, purpose) : { kind: "missing" };
      }
      switch (entry.kind) {
        case "text":
          return { kind: "text", text: entry.text };
        case "binary":
          return { kind: "binary" };
        case "too-large":
          return { kind: "too-large", bytes: entry.bytes, limit: limits.maxFileBytes };
        case "remote":
          return fetchFile(path, purpose);
      }
    },

    stats(): SnapshotStats {
      return {
        ...(loaded === undefined ? {} : { source: loaded.source, files: loaded.paths.length }),
        ...(loaded?.incomplete === undefined ? {} : { incomplete: loaded.incomplete }),
        fileReads,
        searchFetches,
      };
    },
  };
}
