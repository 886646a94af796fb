import { pathMatcher } from "../diff/path-glob.js";

/**
 * Files whose whole purpose is to hold credentials: never sent to the model, never read for context, whatever
 * the repository's `ignore` says (a `!pattern` does not bring them back). Templates meant to be committed
 * (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`) and public keys (`*.pub`) are
 * reviewed like any file: their values are redacted like any line's. `.npmrc`, `.pypirc` and the like hold registry tokens next to ordinary
 * settings: they are not sent either, since one token line is enough to leak.
 */
interface SecretFileRule {
  readonly patterns: readonly string[];
  /** Why the file is not sent, shown in the summary. */
  readonly what: string;
  /** Whether committing the file is a finding in itself, even when no line matches a secret shape. */
  readonly alwaysSecret: boolean;
}

const RULES: readonly SecretFileRule[] = [
  { patterns: [".env", ".env.*", "*.env"], what: "environment file", alwaysSecret: true },
  { patterns: ["*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.ppk"], what: "key or certificate store", alwaysSecret: true },
  { patterns: ["id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*"], what: "SSH key", alwaysSecret: true },
  { patterns: [".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials", "**/.aws/credentials", "**/.docker/config.json", ".dockercfg"], what: "credentials file", alwaysSecret: false },
];

/** Committed on purpose: templates of an environment file, and public keys (`id_ed25519.pub`). */
const NOT_SECRET = /\.(?:example|sample|template|dist|defaults|pub)$/i;

const MATCHERS = RULES.map((rule) => ({ rule, matches: rule.patterns.map((pattern) => pathMatcher(pattern)) }));

export interface SecretFile {
  readonly reason: string;
  readonly alwaysSecret: boolean;
}

/** Whether `path` is a file of credentials, and why; undefined for any other file. */
export function secretFile(path: string): SecretFile | undefined {
  const name = path.split("/").at(-1) ?? path;
  if (NOT_SECRET.test(name)) return undefined;
  for (const { rule, matches } of MATCHERS) {
    if (matches.some((match) => match(path))) {
      return { reason: `may hold credentials (${rule.what}): never sent to the model`, alwaysSecret: rule.alwaysSecret };
    }
  }
  return undefined;
}
