/** What the text we post may link to. */
export interface OutputPolicy {
  /**
   * The GitHub host of the pull request, as a browser addresses it: `github.com`, or a GitHub Enterprise Server's
   * host (with its port, if it has one). Links elsewhere are posted as inert text.
   */
  readonly githubHost: string;
}

/** For text that should link nowhere (e.g. messages of our own that quote an outside answer). */
export const NO_LINKS: OutputPolicy = { githubHost: "" };

/** Links within the page are harmless; the rest of a link must be an absolute http(s) URL on the GitHub host. */
const IN_PAGE_ANCHOR = /^#[\w.-]*$/;

/**
 * Whether a link or autolink to `target` may stay clickable: only http(s) to exactly the GitHub host, without
 * credentials in the URL. The browser's own URL parser decides what the host is, so tricks such as
 * `https://github.com@evil.example`, `https://github.com.evil.example` or `https://evil.example\@github.com` fail.
 */
export function allowedUrl(target: string, policy: OutputPolicy): URL | undefined {
  if (policy.githubHost === "") return undefined;
  // As written, too: GitHub's autolinker takes the address from the text, so it must name the host plainly.
  if (!textuallyOnHost(target.trim(), policy.githubHost)) return undefined;
  let url: URL;
  try {
    url = new URL(target.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username !== "" || url.password !== "") return undefined;
  return url.host === policy.githubHost.toLowerCase() ? url : undefined;
}

function textuallyOnHost(target: string, host: string): boolean {
  const prefix = /^https?:\/\//i.exec(target)?.[0];
  if (prefix === undefined) return false;
  const rest = target.slice(prefix.length);
  return rest.toLowerCase().startsWith(host.toLowerCase()) && /^(?:$|[/?#])/.test(rest.slice(host.length));
}

export function isInPageAnchor(target: string): boolean {
  return IN_PAGE_ANCHOR.test(target.trim());
}

/** A destination markdown cannot misread: parentheses, quotes, spaces and brackets percent-encoded. */
export function safeHref(url: URL): string {
  return url.href.replace(/[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]/g, (ch) => encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}
