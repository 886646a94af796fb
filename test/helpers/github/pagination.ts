import type { RouteRequest } from "./router.js";

export interface Page<T> {
  readonly items: T[];
  readonly headers: Record<string, string>;
}

/**
 * GitHub's page-number pagination: `per_page` defaults to 30 and is capped at 100; pages past the end are
 * empty. The `Link` header is left out when everything fits on one page, and its URLs name the repository
 * by id (`/repositories/{id}/…`), as GitHub's do.
 */
export function paginate<T>(req: RouteRequest, all: readonly T[], apiBase: string, linkPath: string): Page<T> {
  const perPage = clamp(req.query.get("per_page"), 30, 100);
  const page = clamp(req.query.get("page"), 1, Number.MAX_SAFE_INTEGER);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items, headers: {} };

  const url = (target: number): string => {
    const query = new URLSearchParams(req.query);
    query.set("per_page", String(perPage));
    query.set("page", String(target));
    return `${apiBase}${linkPath}?${query.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${url(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${url(page + 1)}>; rel="next"`, `<${url(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${url(1)}>; rel="first"`);
  return { items, headers: { link: links.join(", ") } };
}

function clamp(raw: string | null, fallback: number, max: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < 1) return fallback;
  return Math.min(value, max);
}
