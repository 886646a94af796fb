import type { IncomingMessage, ServerResponse } from "node:http";
import { githubTarball } from "./archive.js";
import type { Store } from "./store.js";
import { flatHeaders, startLocalServer, type LocalServer } from "../http/local-server.js";

/** One request to the archive host. */
export interface ArchiveDownload {
  /** e.g. `/acme/widgets/legacy.tar.gz/<sha>` */
  readonly path: string;
  /** Lower-cased names: lets a test see that the client's Authorization header did not follow the redirect. */
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
  /** Bytes of the gzip archive sent; 0 when refused. */
  readonly bytes: number;
}

const ARCHIVE_PATH = /^\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/;

/**
 * The fake's codeload: the host GitHub's tarball endpoint redirects to. It is another origin than the API
 * (another port), so fetch drops the Authorization header on the way, as it does between api.github.com and
 * codeload.github.com; the link's own `token` is what grants the download.
 */
export function startCodeload(store: () => Store, record: (download: ArchiveDownload) => void): Promise<LocalServer> {
  return startLocalServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://codeload");
    const headers = flatHeaders(req);
    const refuse = (status: number): void => {
      record({ path: url.pathname, headers, status, bytes: 0 });
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(status === 404 ? "404: Not Found" : "");
    };
    const match = ARCHIVE_PATH.exec(url.pathname);
    const token = store().archiveTokens.get(url.searchParams.get("token") ?? "");
    if (req.method !== "GET" || match === null || token === undefined || token.expiresAt < Date.now()) return refuse(404);
    const [owner, repo, ref] = [match[1], match[2], match[3]].map((part) => decodeURIComponent(part ?? ""));
    if (owner !== token.owner || repo !== token.repo || ref !== token.ref) return refuse(404);
    const files = store().repo(token.owner, token.repo)?.contents.get(token.ref);
    if (files === undefined) return refuse(404);
    const archive = await githubTarball(token.owner, token.repo, token.ref, files);
    const stalled = store().stallArchives;
    record({ path: url.pathname, headers, status: 200, bytes: stalled ? 10 : archive.length });
    res.writeHead(200, {
      "content-type": "application/x-gzip",
      "content-length": archive.length,
      "content-disposition": `attachment; filename=${token.owner}-${token.repo}-${token.ref.slice(0, 7)}.tar.gz`,
    });
    // A stalled download stays open until the client gives up or the fake closes.
    if (stalled) res.write(archive.subarray(0, 10));
    else res.end(archive);
  });
}
