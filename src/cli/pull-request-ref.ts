/** A pull request named on the command line, and the API that serves it. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** The REST API root for a URL on a GitHub Enterprise Server host; undefined for github.com or `owner/repo#n`. */
  readonly apiBaseUrl?: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * `owner/repo#123`, `https://github.com/owner/repo/pull/123` (with anything after the number, such as `/files`),
 * or the same URL on a GitHub Enterprise Server host (whose API is `https://host/api/v3`).
 */
export function parsePullRequestRef(text: string): PullRequestRef | undefined {
  const short = /^([^/#\s]+)\/([^/#\s]+)#(\d+)$/.exec(text.trim());
  if (short?.[1] !== undefined && short[2] !== undefined && short[3] !== undefined) {
    return valid(short[1], short[2], short[3], undefined);
  }
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const path = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)(?:\/.*)?$/.exec(url.pathname);
  if (path?.[1] === undefined || path[2] === undefined || path[3] === undefined) return undefined;
  const enterprise = url.hostname !== "github.com" && url.hostname !== "www.github.com";
  return valid(path[1], path[2], path[3], enterprise ? `${url.protocol}//${url.host}/api/v3` : undefined);
}

function valid(owner: string, repo: string, number: string, apiBaseUrl: string | undefined): PullRequestRef | undefined {
  const parsed = Number.parseInt(number, 10);
  if (!NAME.test(owner) || !NAME.test(repo) || !Number.isSafeInteger(parsed) || parsed < 1) return undefined;
  return { owner, repo, number: parsed, ...(apiBaseUrl === undefined ? {} : { apiBaseUrl }) };
}
