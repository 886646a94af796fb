import { describe, expect, it } from "vitest";
import { parsePullRequestRef } from "../../src/cli/pull-request-ref.js";
import { parseReviewArgs } from "../../src/cli/review-args.js";

describe("pr-reviewer review's flags", () => {
  it("default to the branch against the default branch, pretty output and never failing", () => {
    expect(parseReviewArgs([])).toEqual({ kind: "run", args: { target: { kind: "branch" }, format: "pretty", failOn: "never" } });
  });

  it("choose what to review and how to print it", () => {
    expect(parseReviewArgs(["--base", "origin/develop", "--format", "json", "--fail-on", "minor"])).toEqual({
      kind: "run", args: { target: { kind: "branch", base: "origin/develop" }, format: "json", failOn: "minor" },
    });
    expect(parseReviewArgs(["--staged", "--format=sarif"])).toMatchObject({ args: { target: { kind: "staged" }, format: "sarif" } });
    expect(parseReviewArgs(["--diff", "-"])).toMatchObject({ args: { target: { kind: "diff", file: "-" } } });
    expect(parseReviewArgs(["--pr", "octo-org/widgets#7", "--post", "--format", "markdown"])).toMatchObject({
      args: { target: { kind: "pull-request", ref: { owner: "octo-org", repo: "widgets", number: 7 }, post: true }, format: "markdown" },
    });
    expect(parseReviewArgs(["-h"])).toEqual({ kind: "help" });
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--staged", "--diff", "x.diff"], "--staged and --diff cannot be combined: choose one thing to review"],
    [["--base", "main", "--pr", "o/r#1"], "--base and --pr cannot be combined"],
    [["--post"], "--post publishes a pull request's review: it needs --pr"],
    [["--format", "xml"], '--format must be one of pretty, json, sarif, markdown (got "xml")'],
    [["--fail-on", "high"], '--fail-on must be one of critical, major, minor, nit, never (got "high")'],
    [["--pr", "widgets#7"], "--pr widgets#7: name a pull request as owner/repo#123 or by its URL"],
    [["--base=--staged"], "--base needs a branch, tag or commit"],
    [["--base", "--staged"], "argument is ambiguous"],
    [["--diff", ""], "--diff needs a file name, or - for standard input"],
    [["--base"], "Option '--base <value>' argument missing"],
  ])("refuse %j as a usage error", (argv, message) => {
    const parsed = parseReviewArgs(argv);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" ? parsed.message : "").toContain(message);
  });
});

describe("a pull request named on the command line", () => {
  it.each([
    ["octo-org/widgets#7", { owner: "octo-org", repo: "widgets", number: 7 }],
    ["https://github.com/octo-org/widgets/pull/7", { owner: "octo-org", repo: "widgets", number: 7 }],
    ["https://github.com/octo-org/widgets/pull/7/files#diff-1", { owner: "octo-org", repo: "widgets", number: 7 }],
    ["https://ghe.example.com/team/tool.js/pull/12", { owner: "team", repo: "tool.js", number: 12, apiBaseUrl: "https://ghe.example.com/api/v3" }],
  ])("reads %s", (text, ref) => {
    expect(parsePullRequestRef(text)).toEqual(ref);
  });

  it.each(["octo/widgets#0", "octo/widgets", "https://github.com/octo/widgets/issues/7", "ftp://github.com/o/r/pull/1", "not a url", "o w/r#1"])("refuses %s", (text) => {
    expect(parsePullRequestRef(text)).toBeUndefined();
  });
});
