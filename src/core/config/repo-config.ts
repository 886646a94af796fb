import { z } from "zod";
import { MIN_PERMISSIONS } from "../conversation/access.js";
import { SEVERITIES } from "../findings/review-tool.js";

export const REPO_CONFIG_FILE = "pr-reviewer.yml";
export const REPO_CONFIG_PATH = `.github/${REPO_CONFIG_FILE}`;

/**
 * `.github/pr-reviewer.yml`, read from the default branch so that a pull request cannot change the policy
 * that reviews it. The descriptions are the user documentation: docs/configuration.md and the JSON Schema
 * for editors are generated from this schema.
 */
export const RepoConfigSchema = z
  .strictObject({
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Glob patterns of files not to review, matched against the path in the pull request " +
          "(e.g. `docs/**`, `**/*.sql`); a pattern without a slash matches the file name in any folder. They extend " +
          "the built-in list (see `use_default_ignore`). A pattern starting with `!` re-includes files an earlier " +
          "pattern or the built-in list excluded (e.g. `!yarn.lock`).",
      ),
    use_default_ignore: z
      .boolean()
      .default(true)
      .describe(
        "Skip files nobody writes by hand: lockfiles (`package-lock.json`, `yarn.lock`, `Cargo.lock`, `go.sum`, …), " +
          "minified and bundled files, generated code (`*.pb.go`, `__generated__/`, and files whose first lines carry " +
          "`@generated` or `DO NOT EDIT`), vendored folders (`vendor/`, `node_modules/`, `third_party/`), snapshots, " +
          "binaries and images. Set to false to review them too.",
      ),
    review_drafts: z
      .boolean()
      .default(false)
      .describe("Review draft pull requests too. When false, a draft is reviewed once it is marked ready for review."),
    instructions: z
      .string()
      .max(8000)
      .default("")
      .describe(
        "Extra guidance for the reviewer, in plain words (e.g. \"We target Node 20; flag any use of APIs newer than that\"). " +
          "At most 8,000 characters.",
      ),
    path_instructions: z
      .record(z.string().min(1), z.string().min(1).max(2000))
      .default({})
      .describe(
        "Guidance for files matching a glob, as `glob: text` pairs (e.g. `\"src/db/**\": Every query must use bound " +
          "parameters.`). Given to the model when a file under review matches.",
      ),
    guidance_files: z
      .array(z.string().min(1))
      .max(5)
      .default(["AGENTS.md", "CONTRIBUTING.md"])
      .describe(
        "Files on the default branch whose beginning is given to the model as the repository's conventions, within a " +
          "fixed share of the prompt. Missing files are skipped; an empty list turns this off.",
      ),
    context_lines: z
      .number()
      .int()
      .min(0)
      .max(200)
      .default(30)
      .describe(
        "At most this many lines of surrounding code shown above and below each changed part, up to the enclosing " +
          "function or class, so the model sees the code it is judging. 0 shows the diff alone.",
      ),
    max_files: z
      .number()
      .int()
      .min(1)
      .max(3000)
      .default(300)
      .describe(
        "Review at most this many files of one pull request. When there are more, source files are reviewed before " +
          "tests and tests before docs, larger changes first; the rest are listed in the review as not reviewed. " +
          "The server's `MAX_FILES_CAP` (3,000 unless its operator lowers it) caps it; a higher value is lowered, and the check run says so.",
      ),
    max_prompt_tokens: z
      .number()
      .int()
      .min(1000)
      .default(400_000)
      .describe(
        "Cap on the tokens of diff sent to the model over all calls of one review, in the same order of importance " +
          "as `max_files`; files beyond it are listed in the review as not reviewed. The server's `MAX_PROMPT_TOKENS_CAP` " +
          "(400,000 unless its operator sets it) caps it; a higher value is lowered, and the check run says so.",
      ),
    severity_threshold: z
      .enum(SEVERITIES)
      .default("minor")
      .describe(
        "The least severe finding posted as an inline comment (`critical`, `major`, `minor` or `nit`). " +
          "Less severe findings are listed in the summary comment only.",
      ),
    max_comments: z
      .int()
      .min(0)
      .max(50)
      .default(10)
      .describe(
        "At most this many inline comments per review, the most severe first; the rest are listed in the summary comment. " +
          "0 posts no inline comments at all.",
      ),
    confidence_threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        "Findings the model rates below this confidence (0 to 1) are not published, only counted. " +
          "Findings without a confidence are always kept.",
      ),
    agentic: z
      .boolean()
      .default(true)
      .describe(
        "Let the model look around the repository while it reviews: besides the diff it may read files, search the " +
          "code and list files at the pull request's head commit (`read_file`, `search_code`, `list_files`), in a few " +
          "bounded rounds, when a finding depends on code outside the diff. The server can turn this off for every " +
          "repository (`MODEL_AGENTIC=false`). Nothing of the repository is ever run.",
      ),
    verify: z
      .enum([...SEVERITIES, "off"])
      .default("major")
      .describe(
        "Give findings of this severity or worse a second look before they are posted: the model sees them with the " +
          "complete current files they are in and confirms each one with evidence; findings it withdraws are not " +
          "posted, and the summary says how many. `major` (the default) checks major and critical findings; `off` " +
          "posts findings as the review found them. When the second look fails, nothing is withdrawn.",
      ),
    fail_on: z
      .enum([...SEVERITIES, "never"])
      .default("never")
      .describe(
        "When the check run fails: a severity (`critical`, `major`, `minor` or `nit`) fails it while a finding of that " +
          "severity or worse is open; `never` (the default) makes it `neutral` when there are findings and `success` when " +
          "there are none. The GitHub Action's step fails on the same findings.",
      ),
    chat: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            "Answer people: replies in this app's review threads, review comments that mention the app, and `/ask`. " +
              "When false, none of them reaches the model (commands that cost nothing still work).",
          ),
        auto_reply: z
          .boolean()
          .default(true)
          .describe(
            "Answer a person's reply in a review thread this app started without being mentioned. When false, only " +
              "replies that mention the app (`@<app-slug>`) are answered.",
          ),
      })
      .prefault({})
      .describe("Conversation in review threads and pull request comments."),
    commands: z
      .strictObject({
        min_permission: z
          .enum(MIN_PERMISSIONS)
          .default("write")
          .describe(
            "The least permission on the repository (`none`, `read`, `triage`, `write` or `admin`) a person needs for " +
              "commands and thread answers; checked with GitHub's collaborator-permission API, and denied when that " +
              "lookup fails. The pull request's author may always `/pause` and `/resume` it. `none` lets anyone who can " +
              "comment spend the model's tokens.",
          ),
      })
      .prefault({})
      .describe("Who may give commands."),
    automatic_reviews: z
      .strictObject({
        forks: z
          .boolean()
          .default(true)
          .describe(
            "Review pull requests from forks when they are opened or pushed to. When false, a fork's pull request (its " +
              "head branch lives in another repository, or in one since deleted) is reviewed only when asked for — " +
              "`/review` by someone who passes `commands.min_permission`, or a Re-run — and its summary comment says so once.",
          ),
        min_author_permission: z
          .enum(MIN_PERMISSIONS)
          .default("none")
          .describe(
            "The least permission on the repository (`none`, `read`, `triage`, `write` or `admin`) the pull request's " +
              "author needs for automatic reviews; others are reviewed only when asked for, as with `forks`. Checked " +
              "with GitHub's collaborator-permission API, one request per push, and a failed lookup counts as too little. " +
              "A pull request from a branch of this repository counts as `write`: only someone with write access can push " +
              "that branch. So up to `write`, only forks' authors are looked up (and apps such as Dependabot never are); " +
              "`admin` looks up every author.",
          ),
      })
      .prefault({})
      .describe(
        "Who gets automatic reviews (when a pull request is opened, reopened, marked ready for review or pushed to). " +
          "The defaults review every pull request, as CodeRabbit and PR-Agent do; on a public repository, `forks: false` or " +
          "`min_author_permission: write` keep strangers' pull requests from spending the model's tokens until a maintainer asks.",
      ),
    learnings: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            "Learn from reviewers — 👍/👎 on this app's review comments, threads resolved without a code change, findings " +
              "the app withdrew in a thread — and stop reporting findings like dismissed ones (same normalised title, " +
              "matching path pattern). When false, nothing is recorded and nothing is suppressed.",
          ),
      })
      .prefault({})
      .describe("Learning from reviewers' feedback."),
  })
  .describe("Configuration of pr-reviewer for one repository (or, through `_extends`, for an organisation).");

export type RepoConfig = z.output<typeof RepoConfigSchema>;

export const DEFAULT_REPO_CONFIG: RepoConfig = RepoConfigSchema.parse({});

export interface RepoConfigResult {
  readonly config: RepoConfig;
  /** What was wrong with the file, in words a user can act on; empty when the file was fine or absent. */
  readonly problems: readonly string[];
}

/** The keys of the object at `path` in the schema (the top level, or a section such as `chat`). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let shape: Record<string, z.ZodType> = RepoConfigSchema.shape;
  for (const part of path) {
    const inner = unwrapObject(shape[String(part)]);
    if (inner === undefined) break;
    shape = inner.shape;
  }
  return Object.keys(shape);
}

/** The object schema inside a section (sections are objects with a default). */
export function unwrapObject(schema: z.ZodType | undefined): z.ZodObject | undefined {
  let current: unknown = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) current = current.unwrap();
  return current instanceof z.ZodObject ? current : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `\`${issue.path.join(".")}\`` : "the file";
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(issue.path).map((key) => `\`${key}\``).join(", ");
    return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")} (known keys: ${known})`;
  }
  return `${where}: ${issue.message}`;
}

/**
 * Validates a parsed config file. An invalid file never stops a review: the defaults are used and the
 * problems are reported, so a typo in the config does not silence the bot.
 */
export function parseRepoConfig(raw: unknown): RepoConfigResult {
  if (raw === null || raw === undefined) return { config: DEFAULT_REPO_CONFIG, problems: [] };
  const parsed = RepoConfigSchema.safeParse(raw);
  if (parsed.success) return { config: parsed.data, problems: [] };
  return { config: DEFAULT_REPO_CONFIG, problems: parsed.error.issues.map(describeIssue) };
}
