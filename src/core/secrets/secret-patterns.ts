/**
 * Shapes of credentials that must never reach the model, most specific first: once a value is replaced by
 * `[REDACTED:<kind>]`, a later pattern cannot match it again. A pattern with a `secret` group replaces that
 * group only (the name it is assigned to stays, so the model still sees what the line does).
 */
export interface SecretPattern {
  readonly kind: string;
  /** How a finding names it: "a GitHub token". */
  readonly label: string;
  readonly pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: "github-token", label: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { kind: "aws-access-key-id", label: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  {
    kind: "aws-secret-access-key",
    label: "an AWS secret access key",
    pattern: /\b(?:aws_?)?secret_?(?:access_?)?key(?:_?id)?\b["']?\s*(?::=|=>|[:=])\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  },
  { kind: "slack-token", label: "a Slack token", pattern: /\bxox[a-z]-[A-Za-z0-9-]{10,}/g },
  { kind: "slack-webhook", label: "a Slack webhook URL", pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { kind: "anthropic-api-key", label: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  // A digit is required: CSS classes such as `sk-spinner-double-bounce` share the prefix.
  { kind: "openai-api-key", label: "an OpenAI-style API key", pattern: /\bsk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g },
  { kind: "stripe-key", label: "a Stripe key", pattern: /\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  { kind: "npm-token", label: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: "gitlab-token", label: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: "google-api-key", label: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: "jwt", label: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { kind: "bearer-token", label: "a bearer token", pattern: /\bBearer\s+(?<secret>(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{20,}=*)/g },
];

export const PRIVATE_KEY = { kind: "private-key", label: "a private key" } as const;
export const GENERIC_SECRET = { kind: "generic-secret", label: "a secret-looking value assigned to a credential name" } as const;

const LABELS = new Map<string, string>([...SECRET_PATTERNS, PRIVATE_KEY, GENERIC_SECRET].map((p) => [p.kind, p.label]));

export function labelOf(kind: string): string {
  return LABELS.get(kind) ?? kind;
}

export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}
