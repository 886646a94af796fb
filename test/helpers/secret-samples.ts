/**
 * One sample of each secret shape the redaction knows, built from pieces so that no credential-shaped literal
 * sits in the repository (secret scanners would flag it). `secret` is the value that must never leave; `line`
 * is a line of code that carries it.
 */
export interface SecretSample {
  readonly kind: string;
  readonly secret: string;
  readonly line: string;
}

const join = (...parts: string[]): string => parts.join("");

const githubToken = join("gh", "p_", "A1b2C3d4E5".repeat(3), "F6g7H8");
const fineGrainedToken = join("github", "_pat_", "11ABCDEFG0", "abcdefghijklmnopqrstuv", "_", "Q1w2E3r4T5y6U7i8O9p0".repeat(3));
const awsKeyId = join("AK", "IA", "Q7W3E5R1T9Y2U4I6");
const awsSecret = join("x9K2m4N6p8Q1r3S5t7U9", "v0W2y4Z6a8B1c3D5e7F9");
const slackToken = join("xo", "xb-", "2345678901-", "AbCdEfGhIjKlMnOp");
const openAiKey = join("sk", "-proj-", "Xy7".repeat(12));
const anthropicKey = join("sk", "-ant-", "api03-", "Qw8".repeat(12));
const npmToken = join("np", "m_", "Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7Bc0Ef3Hi6");
const gitlabToken = join("gl", "pat-", "Zx9Yw8Vu7Ts6Rq5Po4Nm");
const jwt = join("ey", "JhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiJ1c2VyLTQyIn0", ".", "c2lnbmF0dXJlLXZhbHVlLTk5");
const password = join("Pq8Lm2", "Vx7Rt4Zk");
const googleKey = join("AI", "za", "Sy", "D4f6H8j0L2n4P6r8T0v2X4z6B8d0F2h4J");
const stripeKey = join("sk", "_live_", "51Hb7Kq2Lm9Np3Rs");
const bearer = join("a7F3k9Q2", "m5T8x1Z4c6V0b2N7");

export const PRIVATE_KEY_BODY = [
  join("MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn", "/ygWyF0NQaYHoLkMlVh1MkQ3c5qfP0y7s"),
  join("ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtl", "eWZha2VrZXlmYWtla2V5ZmFrZWtl"),
  "AB12cd==",
];
export const PRIVATE_KEY_BLOCK = [join("-----BEGIN RSA ", "PRIVATE KEY-----"), ...PRIVATE_KEY_BODY, join("-----END RSA ", "PRIVATE KEY-----")];

export const SECRET_SAMPLES: readonly SecretSample[] = [
  { kind: "github-token", secret: githubToken, line: `const token = "${githubToken}";` },
  { kind: "github-token", secret: fineGrainedToken, line: `GITHUB_PAT: ${fineGrainedToken}` },
  { kind: "aws-access-key-id", secret: awsKeyId, line: `aws_access_key_id = ${awsKeyId}` },
  { kind: "aws-secret-access-key", secret: awsSecret, line: `aws_secret_access_key = ${awsSecret}` },
  { kind: "slack-token", secret: slackToken, line: `slack: "${slackToken}"` },
  { kind: "openai-api-key", secret: openAiKey, line: `client = OpenAI(api_key="${openAiKey}")` },
  { kind: "anthropic-api-key", secret: anthropicKey, line: `const anthropic = new Anthropic({ apiKey: "${anthropicKey}" });` },
  { kind: "npm-token", secret: npmToken, line: `//registry.npmjs.org/:_authToken=${npmToken}` },
  { kind: "gitlab-token", secret: gitlabToken, line: `curl -H "PRIVATE-TOKEN: ${gitlabToken}" https://gitlab.example.com/api` },
  { kind: "jwt", secret: jwt, line: `const session = "${jwt}";` },
  { kind: "generic-secret", secret: password, line: `db_password = "${password}"` },
  { kind: "google-api-key", secret: googleKey, line: `maps_key: ${googleKey}` },
  { kind: "stripe-key", secret: stripeKey, line: `stripe.api_key = '${stripeKey}'` },
  { kind: "bearer-token", secret: bearer, line: `fetch(url, { headers: { Authorization: "Bearer ${bearer}" } });` },
];
