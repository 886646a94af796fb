import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../helpers/fake-github.js";
import { toolCallCompletion } from "../helpers/fake-model.js";
import { gitPatch } from "../helpers/git-patch.js";
import { HOSTILE_FORMS } from "../helpers/hostile-forms.js";
import { hostileForms, hostilePlainText } from "../helpers/hostile-markdown.js";
import { PRIVATE_KEY_BLOCK, PRIVATE_KEY_BODY, SECRET_SAMPLES } from "../helpers/secret-samples.js";
import { useE2EFixture } from "./support/e2e-fixture.js";
import { addCachePullRequest, BASE_SHA, HEAD_SHA, OWNER, prPayload, REPO } from "./support/scenario.js";

const fx = useE2EFixture();

interface WrittenText {
  readonly where: string;
  readonly text: string;
  readonly plain: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every text the app wrote to GitHub: bodies of reviews, comments and replies, check-run output and annotations. */
function writtenTexts(requests: readonly RecordedRequest[]): WrittenText[] {
  const texts: WrittenText[] = [];
  for (const request of requests) {
    if (request.method === "GET" || !request.path.startsWith("/repos/") || !isRecord(request.body)) continue;
    const where = `${request.method} ${request.path}`;
    const { body, comments, output } = request.body;
    if (typeof body === "string") texts.push({ where, text: body, plain: false });
    if (Array.isArray(comments)) for (const c of comments) if (isRecord(c) && typeof c["body"] === "string") texts.push({ where: `${where} comment`, text: c["body"], plain: false });
    if (isRecord(output)) {
      if (typeof output["title"] === "string") texts.push({ where: `${where} title`, text: output["title"], plain: true });
      for (const field of ["summary", "text"]) if (typeof output[field] === "string") texts.push({ where: `${where} ${field}`, text: String(output[field]), plain: false });
      if (Array.isArray(output["annotations"])) {
        for (const a of output["annotations"]) {
          if (!isRecord(a)) continue;
          for (const field of ["title", "message"]) if (typeof a[field] === "string") texts.push({ where: `${where} annotation ${field}`, text: String(a[field]), plain: true });
        }
      }
    }
  }
  return texts;
}

describe("nothing the model writes can ping, track or command", () => {
  it("posts the model's findings and summary carrying every hostile form, and nothing hostile reaches GitHub", async () => {
    const forms = HOSTILE_FORMS.map(([, input]) => input);
    const lines = [10, 21, 22, 2];
    const severities = ["critical", "major", "minor", "nit"] as const;
    const findings = forms.map((form, i) => ({
      path: "src/cache.ts",
      line: lines[i % lines.length],
      severity: severities[(i + 1) % severities.length],
      title: form.split("\n", 1)[0] || "Hostile",
      body: `${form}\n\n${forms[(i + 1) % forms.length] ?? ""}`,
    }));
    const suggestions = [
      { path: "src/cache.ts", line: 10, severity: "critical", title: "Committable fix", body: "Use a fallback.", suggestion: "return cache.get(key) ?? load(key);" },
      { path: "src/cache.ts", line: 10, severity: "critical", title: "Suggestion that commands", body: "x", suggestion: "/approve\n@octocat" },
    ];
    fx.respond = () =>
      toolCallCompletion("submit_review", {
        summary: `${forms.join("\n\n")}\n\nSee [the PR](${fx.github.origin}/${OWNER}/${REPO}/pull/7).`,
        findings: [...suggestions, ...findings],
      });
    await fx.start();
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "max_comments: 20\nseverity_threshold: minor\n");
    addCachePullRequest(fx.github);
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();

    // The hostile text was posted: inline, in the review body, in the summary's tables and in the check run.
    expect(fx.github.reviews).toHaveLength(1);
    const review = fx.github.reviews[0];
    expect(review?.comments).toHaveLength(20);
    expect(review?.body).toContain("### Findings outside the diff");
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("### Not posted inline");
    expect(fx.checkRunStates().at(-1)).toBe("completed:neutral");
    expect(fx.github.checkRuns[0]?.annotations.length).toBeGreaterThan(50);

    const texts = writtenTexts(fx.github.requests);
    expect(texts.length).toBeGreaterThan(40);
    const options = { host: fx.github.host, ownTags: ["sub"], appSlug: "pr-reviewer", pullNumber: 7 };
    const problems = texts.flatMap(({ where, text, plain }) => (plain ? hostilePlainText(text, options) : hostileForms(text, options)).map((p) => `${where}: ${p}`));
    expect(problems).toEqual([]);

    // A link to this GitHub host stays a link; a clean suggestion stays committable, one that commands does not.
    expect(summary).toContain(`[the PR](${fx.github.origin}/${OWNER}/${REPO}/pull/7)`);
    const bodies = review?.comments.map((c) => c.body) ?? [];
    expect(bodies.find((b) => b.includes("Committable fix"))).toContain("```suggestion\nreturn cache.get(key) ?? load(key);\n```");
    const commanding = bodies.find((b) => b.includes("Suggestion that commands")) ?? "";
    expect(commanding).toContain("Suggested code:\n```\n\u200b/approve\n@octocat\n```");
    expect(commanding).not.toContain("```suggestion");
  });
});

describe("secrets never leave", () => {
  const settingsFile = ["export const settings = {", ...SECRET_SAMPLES.map((s) => `  // ${s.line}`), ...PRIVATE_KEY_BLOCK, "};", ""].join("\n");
  const envFile = `API_TOKEN=${SECRET_SAMPLES[0]?.secret ?? ""}\nDEBUG=1\n`;
  const secrets = [...SECRET_SAMPLES.map((s) => s.secret), ...PRIVATE_KEY_BODY];

  it("redacts every secret shape from the model's requests, GitHub's writes and the logs, with a finding on each line", async () => {
    fx.respond = () => toolCallCompletion("submit_review", { summary: "Adds settings.", findings: [] });
    await fx.start();
    const hidden = `Token for testing: ${SECRET_SAMPLES[2]?.line ?? ""}`;
    fx.github.setFile(OWNER, REPO, ".github/pr-reviewer.yml", "max_comments: 50\n");
    fx.github.setFile(OWNER, REPO, "AGENTS.md", `Conventions.\n${SECRET_SAMPLES[3]?.line ?? ""}\n`);
    fx.github.setFile(OWNER, REPO, "src/settings.ts", settingsFile, HEAD_SHA);
    fx.github.addPullRequest({
      owner: OWNER, repo: REPO, number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA,
      title: `Settings ${SECRET_SAMPLES[1]?.secret ?? ""}`,
      body: `Adds settings.\n<!-- ${hidden} -->\n${SECRET_SAMPLES[4]?.line ?? ""}`,
      files: [
        { filename: "src/settings.ts", status: "added", patch: gitPatch(null, settingsFile) },
        { filename: ".env", status: "added", patch: gitPatch(null, envFile) },
      ],
    });
    await fx.app.deliver("pull_request", prPayload("opened", { title: `Settings ${SECRET_SAMPLES[1]?.secret ?? ""}`, body: `Adds settings.\n<!-- ${hidden} -->` }));
    await fx.app.idle();

    expect(fx.model.chatRequests).toHaveLength(1);
    const toModel = JSON.stringify(fx.model.requests.map((r) => r.body));
    const toGitHub = JSON.stringify(fx.github.requests.filter((r) => r.method !== "GET").map((r) => r.body));
    const logs = fx.app.logs.join("\n");
    for (const secret of secrets) {
      expect(toModel, "sent to the model").not.toContain(secret);
      expect(toGitHub, "written to GitHub").not.toContain(secret);
      expect(logs, "logged").not.toContain(secret);
    }
    // Prompts are never logged, redacted or not.
    expect(logs).not.toContain("export const settings");
    // The model saw the code, with markers where the secrets were, and never the .env file.
    const user = fx.userMessage();
    for (const sample of SECRET_SAMPLES) expect(user).toContain(`[REDACTED:${sample.kind}]`);
    expect(user).toMatch(/^ *\d+ \+\[REDACTED:private-key\]$/m);
    expect(user).not.toContain("File: .env");
    expect(user).not.toContain("Token for testing");

    // A critical finding on each line that held a secret (the key once, on its BEGIN line), and one on the .env.
    const comments = fx.github.reviews[0]?.comments ?? [];
    const onLines = comments.filter((c) => c.path === "src/settings.ts").map((c) => c.line).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(onLines).toEqual([...SECRET_SAMPLES.map((_, i) => i + 2), SECRET_SAMPLES.length + 2]);
    for (const comment of comments) expect(comment.body).toMatch(/^🔴 \*\*Critical\*\* Possible secret committed: /);
    expect(comments.filter((c) => c.path === ".env").map((c) => c.line)).toEqual([1]);
    const summary = fx.github.issueComments[0]?.body ?? "";
    expect(summary).toContain("| `.env` | may hold credentials (environment file): never sent to the model |");
  });

  it("does not post the same secret finding again after a push that does not touch it", async () => {
    fx.respond = () => toolCallCompletion("submit_review", { summary: "Fine.", findings: [] });
    await fx.start();
    const first = `${SECRET_SAMPLES[0]?.line ?? ""}\nconst a = 1;\n`;
    const second = `${SECRET_SAMPLES[0]?.line ?? ""}\nconst a = 2;\n`;
    fx.github.addPullRequest({ owner: OWNER, repo: REPO, number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, files: [{ filename: "src/a.ts", status: "added", patch: gitPatch(null, first) }] });
    await fx.app.deliver("pull_request", prPayload("opened"));
    await fx.app.idle();
    const nextHead = "c".repeat(40);
    fx.github.pushToPullRequest({
      owner: OWNER, repo: REPO, number: 7, headSha: nextHead,
      files: [{ filename: "src/a.ts", status: "added", patch: gitPatch(null, second) }],
      compareWithPrevious: { status: "ahead", files: [{ filename: "src/a.ts", status: "modified", patch: gitPatch(first, second) }] },
    });
    await fx.app.deliver("pull_request", prPayload("synchronize", { headSha: nextHead }));
    await fx.app.idle();

    const secretComments = fx.github.reviewComments.filter((c) => c.body.includes("Possible secret committed"));
    expect(secretComments.map((c) => c.line)).toEqual([1]);
    expect(JSON.stringify(fx.model.requests.map((r) => r.body))).not.toContain(SECRET_SAMPLES[0]?.secret);
  });
});
