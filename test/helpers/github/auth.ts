import { z } from "zod";
import { DOCS, errorBody } from "./errors.js";
import type { RouteAuth, RouteResponse } from "./router.js";
import type { Store } from "./store.js";

const JwtClaims = z.object({ iat: z.number(), exp: z.number(), iss: z.union([z.number(), z.string()]) });

/**
 * Checks the credentials GitHub would check, short of signatures: the app endpoints want a JWT whose
 * `iss` is this app, everything else an installation token the fake issued and that has not expired.
 * Returns the refusal, or undefined when the request may proceed.
 */
export function refuse(store: Store, auth: RouteAuth, authorization: string | undefined): RouteResponse | undefined {
  if (authorization === undefined) {
    return { status: 401, json: errorBody(401, "Requires authentication", DOCS.root) };
  }
  const [scheme = "", credential = ""] = authorization.split(/\s+/, 2);
  if (auth === "app-jwt") {
    if (scheme.toLowerCase() !== "bearer") {
      return { status: 401, json: errorBody(401, "A JSON web token could not be decoded", DOCS.createToken) };
    }
    const claims = decodeJwtClaims(credential);
    if (claims === undefined) {
      return { status: 401, json: errorBody(401, "A JSON web token could not be decoded", DOCS.createToken) };
    }
    if (claims.exp * 1000 < Date.now()) {
      return { status: 401, json: errorBody(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires", DOCS.createToken) };
    }
    if (String(claims.iss) !== String(store.app.id)) {
      return { status: 404, json: errorBody(404, "Integration not found", DOCS.createToken) };
    }
    return undefined;
  }
  if (!["token", "bearer"].includes(scheme.toLowerCase())) {
    return { status: 401, json: errorBody(401, "Bad credentials", DOCS.root) };
  }
  const token = store.tokens.get(credential);
  if (token === undefined || Date.parse(token.expiresAt) < Date.now()) {
    return { status: 401, json: errorBody(401, "Bad credentials", DOCS.root) };
  }
  return undefined;
}

function decodeJwtClaims(jwt: string): z.infer<typeof JwtClaims> | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const parsed = JwtClaims.safeParse(JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
