import { describe, expect, it } from "vitest";
import { looksSecret, shannonEntropy } from "../../../src/core/secrets/generic-secret.js";
import { labelOf } from "../../../src/core/secrets/secret-patterns.js";
import { redactLines, redactSecrets } from "../../../src/core/secrets/redact-secrets.js";
import { PRIVATE_KEY_BLOCK, PRIVATE_KEY_BODY, SECRET_SAMPLES } from "../../helpers/secret-samples.js";

describe("redactSecrets", () => {
  it.each(SECRET_SAMPLES.map((s) => [s.kind, s] as const))("replaces %s by its marker and keeps the rest of the line", (kind, sample) => {
    const { text, redactions } = redactSecrets(sample.line);
    expect(text).toContain(`[REDACTED:${kind}]`);
    expect(text).not.toContain(sample.secret);
    expect(text.replace(`[REDACTED:${kind}]`, sample.secret)).toBe(sample.line);
    expect(redactions).toEqual([{ line: 1, kinds: [kind] }]);
  });

  it("keeps every line on its line: the text has as many lines, and each secret is reported where it was", () => {
    const lines = ["// config", ...SECRET_SAMPLES.map((s) => s.line), "end"];
    const { text, redactions } = redactSecrets(lines.join("\n"));
    expect(text.split("\n")).toHaveLength(lines.length);
    expect(redactions.map((r) => r.line)).toEqual(SECRET_SAMPLES.map((_, i) => i + 2));
    for (const sample of SECRET_SAMPLES) expect(text).not.toContain(sample.secret);
  });

  it("redacts a private key block line by line, keeping its line count, and counts it once", () => {
    const text = ["key: |", ...PRIVATE_KEY_BLOCK.map((l) => `  ${l}`), "next: 1"].join("\n");
    const result = redactSecrets(text);
    expect(result.text.split("\n")).toEqual([
      "key: |",
      "  -----BEGIN RSA PRIVATE KEY-----",
      "  [REDACTED:private-key]",
      "  [REDACTED:private-key]",
      "  [REDACTED:private-key]",
      "  -----END RSA PRIVATE KEY-----",
      "next: 1",
    ]);
    expect(result.redactions).toEqual([{ line: 2, kinds: ["private-key"] }]);
  });

  it("redacts a key written on one line with escaped line breaks (a service account's JSON)", () => {
    const line = `"private_key": "${PRIVATE_KEY_BLOCK.join("\\n")}\\n",`;
    const { text } = redactSecrets(line);
    expect(text).toBe('"private_key": "[REDACTED:private-key]\\n",');
  });

  it("redacts the body above an END line when the BEGIN line is not shown (a hunk inside a key)", () => {
    const { lines, redactions } = redactLines([...PRIVATE_KEY_BODY, PRIVATE_KEY_BLOCK.at(-1) ?? ""]);
    for (const body of PRIVATE_KEY_BODY) expect(lines.join("\n")).not.toContain(body);
    expect(redactions).toEqual([{ line: 0, kinds: ["private-key"] }]);
  });

  it("stops a key's body at the first line that is not one, so code after a BEGIN constant is still reviewed", () => {
    const { lines } = redactLines(['const HEADER = "-----BEGIN PRIVATE KEY-----";', "export function isKey(text: string): boolean {"]);
    expect(lines[1]).toBe("export function isKey(text: string): boolean {");
  });

  it("finds no secret on lines that only name a key's header (a PEM parser, its tests), before or after code", () => {
    const { redactions } = redactLines([
      'if (pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {',
      "  return parseRsa(pem);",
      "}",
      'const FOOTER = "-----END PRIVATE KEY-----";',
    ]);
    expect(redactions).toEqual([]);
  });

  it("is idempotent: redacted text has nothing left to redact", () => {
    const text = [...SECRET_SAMPLES.map((s) => s.line), ...PRIVATE_KEY_BLOCK].join("\n");
    const once = redactSecrets(text).text;
    expect(redactSecrets(once).text).toBe(once);
  });

  it.each([
    ["a placeholder", 'password = "changeme"'],
    ["a template variable", "DB_PASSWORD=${DB_PASSWORD}"],
    ["a templated secret", "token: ${{ secrets.GITHUB_TOKEN }}"],
    ["an angle-bracket placeholder", "api_key: <your-api-key>"],
    ["an environment lookup", "const secret = process.env.SESSION_SECRET;"],
    ["a Python environment lookup", 'password = os.environ["DB_PASSWORD"]'],
    ["a call", "token = getToken(user)"],
    ["a property path", "password: req.body.password,"],
    ["a short value", 'token = "abc123"'],
    ["a word", 'passwordField = "password-input"'],
    ["an address", 'token_url = "https://oauth2.example.com/token"'],
    ["counts", "const tokenCount = 42; const maxTokens = 8192;"],
    ["a CSS class sharing a key prefix", 'class="sk-spinner-double-bounce"'],
    ["a marker already there", 'token = "[REDACTED:github-token]"'],
    ["prose", "Rotate the API key every 90 days; never commit a password."],
    ["a name used twice in one name", 'secret_token_secret = "short"'],
    ["an unclosed quote", 'password = "Tr0ub4dor3xyz'],
    ["a path", 'secret_file = "/run/secrets/db_password_2024"'],
  ])("leaves %s alone", (_what, line) => {
    expect(redactSecrets(line)).toEqual({ text: line, redactions: [] });
  });
});

describe("labelOf", () => {
  it("names a kind in words, and an unknown kind by itself", () => {
    expect(labelOf("aws-access-key-id")).toBe("an AWS access key ID");
    expect(labelOf("something-else")).toBe("something-else");
  });
});

describe("looksSecret", () => {
  it("judges by entropy, digits and letters, and whether the value is quoted code", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(looksSecret("k8s9Fj2Lq0Zx7Vb3Nm5R", false)).toBe(true);
    expect(looksSecret("hunter2hunter2", true)).toBe(false);
    expect(looksSecret("Tr0ub4dor3xyz", true)).toBe(true);
    expect(looksSecret("createTokenizer", false)).toBe(false);
    // A known limit: a passphrase of plain lowercase words reads like prose.
    expect(looksSecret("correcthorsebatterystaple", true)).toBe(false);
    expect(looksSecret("k8s9Fj2Lq0Zx7Vb3Nm5Rp1Wd", true)).toBe(true);
  });
});
