import { describe, expect, it } from "vitest";
import { toFileDiff } from "../../../src/core/diff/file-diff.js";
import { selectFiles } from "../../../src/core/diff/select-files.js";
import type { ChangedFile } from "../../../src/core/diff/types.js";
import { redactPatch } from "../../../src/core/secrets/redact-patch.js";
import { secretFile } from "../../../src/core/secrets/secret-files.js";
import { redactComparison, redactFileContents, scanForSecrets, secretAnchors } from "../../../src/core/secrets/secret-findings.js";
import { gitPatch } from "../../helpers/git-patch.js";
import { PRIVATE_KEY_BLOCK, SECRET_SAMPLES } from "../../helpers/secret-samples.js";

const before = ["export const config = {", "  region: 'eu-west-1',", "};", ""].join("\n");
const after = ["export const config = {", ...SECRET_SAMPLES.map((s) => `  // ${s.line}`), "  region: 'eu-west-1',", ...PRIVATE_KEY_BLOCK, "};", ""].join("\n");

function changed(path: string, patch: string, over: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status: "modified", patch, additions: 1, deletions: 0, ...over };
}

describe("redactPatch", () => {
  it("keeps every patch line and marker, so the redacted patch parses to the same line numbers", () => {
    const patch = gitPatch(before, after);
    const redacted = redactPatch(patch);
    expect(redacted.patch.split("\n")).toHaveLength(patch.split("\n").length);
    const numbers = (p: string) => toFileDiff(changed("a.ts", p)).hunks.flatMap((h) => h.lines.map((l) => `${l.kind}:${l.oldLine ?? ""}:${l.newLine ?? ""}`));
    expect(numbers(redacted.patch)).toEqual(numbers(patch));
    for (const sample of SECRET_SAMPLES) expect(redacted.patch).not.toContain(sample.secret);
  });

  it("reports the secrets of added lines with their new-file numbers, a key once on its BEGIN line", () => {
    const { added } = redactPatch(gitPatch(before, after));
    expect(added.map((a) => [a.line, a.kinds])).toEqual([
      ...SECRET_SAMPLES.map((s, i) => [i + 2, [s.kind]]),
      [SECRET_SAMPLES.length + 3, ["private-key"]],
    ]);
  });

  it("redacts deleted and context lines too, but reports only what the pull request adds", () => {
    const sample = SECRET_SAMPLES[0];
    if (sample === undefined) throw new Error("no sample");
    const withSecret = `a\n${sample.line}\nb\n`;
    const removed = redactPatch(gitPatch(withSecret, "a\nb\n"));
    expect(removed.patch).not.toContain(sample.secret);
    expect(removed.added).toEqual([]);
    const around = redactPatch(gitPatch(withSecret, `a\n${sample.line}\nb\nc\n`));
    expect(around.patch).not.toContain(sample.secret);
    expect(around.added).toEqual([]);
  });
});

describe("secretFile", () => {
  it.each([
    [".env", true], ["config/.env.production", true], ["deploy/prod.env", true], ["certs/server.pem", true], ["tls.key", true],
    ["store.p12", true], ["cert.pfx", true], ["home/.ssh/id_rsa", true], ["id_ed25519", true], [".npmrc", false], [".pypirc", false],
    ["x/.aws/credentials", false], [".git-credentials", false],
  ] as const)("%s is a file of credentials (a finding by itself: %s)", (path, always) => {
    expect(secretFile(path)).toMatchObject({ alwaysSecret: always, reason: expect.stringMatching(/^may hold credentials \(.+\): never sent to the model$/) });
  });

  it.each([".env.example", "config/.env.sample", "deploy/id_ed25519.pub", ".env.template", ".env.dist", "src/env.ts", "keys.md", "monkey.ts", "environment.yml"])(
    "%s is reviewed like any file",
    (path) => expect(secretFile(path)).toBeUndefined(),
  );

  it("keeps a file of credentials out of the review even when the config re-includes it", () => {
    const { reviewable, skipped } = selectFiles([changed(".env", "@@ -0,0 +1 @@\n+A=1"), changed("a.ts", "@@ -0,0 +1 @@\n+x")], { ignore: ["!.env"], useDefaultIgnore: true });
    expect(reviewable.map((f) => f.path)).toEqual(["a.ts"]);
    expect(skipped).toEqual([{ path: ".env", reason: "may hold credentials (environment file): never sent to the model" }]);
  });
});

describe("scanForSecrets", () => {
  it("redacts every patch and makes one critical finding per added line with a secret, naming its kind and never its value", () => {
    const scan = scanForSecrets([changed("src/config.ts", gitPatch(before, after))]);
    expect(scan.findings).toHaveLength(SECRET_SAMPLES.length + 1);
    const first = scan.findings[0];
    expect(first).toMatchObject({ path: "src/config.ts", line: 2, severity: "critical", title: "Possible secret committed: a GitHub token" });
    expect(first?.body).toContain("`github-token`");
    const everything = JSON.stringify(scan);
    for (const sample of SECRET_SAMPLES) expect(everything).not.toContain(sample.secret);
    for (const body of PRIVATE_KEY_BLOCK.slice(1, -1)) expect(everything).not.toContain(body);
  });

  it("names every kind found on one line in one finding", () => {
    const byKind = (kind: string) => SECRET_SAMPLES.find((s) => s.kind === kind)?.line ?? "";
    const line = `${byKind("github-token")} // ${byKind("aws-access-key-id")} // ${byKind("slack-token")}`;
    const scan = scanForSecrets([changed("a.ts", gitPatch(null, `${line}\n`))]);
    expect(scan.findings.map((f) => f.title)).toEqual(["Possible secret committed: a GitHub token, an AWS access key ID and a Slack token"]);
  });

  it("keeps git's `\\ No newline at end of file` remark and the numbers after it", () => {
    const sample = SECRET_SAMPLES[0];
    const patch = gitPatch("a", `a\n${sample?.line ?? ""}`);
    expect(patch).toContain("\\ No newline at end of file");
    const redacted = redactPatch(patch);
    expect(redacted.patch.split("\n").filter((l) => l.startsWith("\\"))).toHaveLength(patch.split("\n").filter((l) => l.startsWith("\\")).length);
    expect(redacted.added.map((a) => a.line)).toEqual([2]);
  });

  it("makes a finding for a committed .env even when no line has a known shape", () => {
    const scan = scanForSecrets([changed(".env", gitPatch(null, "DEBUG=1\nDB_PASSWORD=hunter2\n"), { status: "added" })]);
    expect(scan.findings).toEqual([expect.objectContaining({ path: ".env", line: 1, severity: "critical", title: "Possible secret committed: a file that holds credentials" })]);
    expect(scan.findings[0]?.body).not.toContain("hunter2");
  });

  it("makes no file finding for a deleted .env, nor for .npmrc without a token", () => {
    expect(scanForSecrets([changed(".env", gitPatch("A=1\n", null), { status: "removed" })]).findings).toEqual([]);
    expect(scanForSecrets([changed(".npmrc", gitPatch(null, "registry=https://registry.npmjs.org/\n"))]).findings).toEqual([]);
  });

  it("anchors its findings on every file with a diff, also those the model never sees", () => {
    const files = scanForSecrets([changed(".env", gitPatch(null, "A=1\n")), changed("bad.ts", "not a diff"), { path: "img.png", status: "added", additions: 0, deletions: 0 }]).files;
    expect([...secretAnchors(files).keys()]).toEqual([".env"]);
  });

  it("redacts the patches of a comparison and the texts of files read for the model", () => {
    const sample = SECRET_SAMPLES[0];
    if (sample === undefined) throw new Error("no sample");
    const comparison = redactComparison({ status: "ahead", files: [changed("a.ts", gitPatch("x\n", `x\n${sample.line}\n`))] });
    expect(JSON.stringify(comparison)).not.toContain(sample.secret);
    expect(redactComparison(undefined)).toBeUndefined();
    const contents = redactFileContents({ texts: new Map([["a.ts", `x\n${sample.line}\n`]]), unreadable: [] });
    expect(contents.texts.get("a.ts")).toBe('x\nconst token = "[REDACTED:github-token]";\n');
  });
});
