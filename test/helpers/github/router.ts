export interface RouteRequest {
  readonly method: string;
  /** Path without the `/api/v3` prefix and without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  param(name: string): string;
  /** A path parameter that must be a positive integer; the router only matches digits there. */
  intParam(name: string): number;
}

export type RouteResponse =
  | { readonly status: number; readonly json?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly text: string; readonly contentType: string; readonly headers?: Readonly<Record<string, string>> };

export type RouteHandler = (req: RouteRequest) => RouteResponse;

/** Who may call a route: GitHub App endpoints need the app's JWT, repository endpoints an installation token. */
export type RouteAuth = "app-jwt" | "installation-token";

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly auth: RouteAuth;
  readonly handler: RouteHandler;
}

export interface RouteMatch {
  readonly auth: RouteAuth;
  readonly handler: RouteHandler;
  readonly params: ReadonlyMap<string, string>;
}

/**
 * `:name` matches one path segment, `:name(\d+)` digits only, `*name` the rest of the path (for file paths
 * in `/contents/`). Parameters are URL-decoded, as Octokit encodes `/` in a file path as `%2F`.
 */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, template: string, auth: RouteAuth, handler: RouteHandler): void {
    const names: string[] = [];
    const source = template
      .split("/")
      .map((segment) => {
        const rest = /^\*(\w+)$/.exec(segment);
        if (rest?.[1] !== undefined) {
          names.push(rest[1]);
          return "(.+)";
        }
        const param = /^:(\w+)(\(\\d\+\))?$/.exec(segment);
        if (param?.[1] !== undefined) {
          names.push(param[1]);
          return param[2] === undefined ? "([^/]+)" : "(\\d+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, auth, handler });
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found === null) continue;
      const params = new Map<string, string>();
      route.names.forEach((name, index) => {
        const value = found[index + 1];
        if (value !== undefined) params.set(name, decodeURIComponent(value));
      });
      return { auth: route.auth, handler: route.handler, params };
    }
    return undefined;
  }
}
