import { describe, expect, it } from "vitest";
import { EVAL_USAGE, parseEvalArgs } from "../../src/cli/eval-args.js";

function usageMessage(argv: string[]): string {
  const parsed = parseEvalArgs(argv);
  if (parsed.kind !== "usage-error") throw new Error(`expected a usage error, got ${parsed.kind}`);
  expect(parsed.exitCode).toBe(2);
  expect(parsed.message.endsWith(`\n\n${EVAL_USAGE}`)).toBe(true);
  return parsed.message.slice(0, -(EVAL_USAGE.length + 2));
}

describe("parseEvalArgs", () => {
  it("takes the defaults: one run, tolerance 3, pretty, no judge, one case at a time", () => {
    expect(parseEvalArgs(["--dataset", "eval"])).toEqual({
      kind: "eval",
      command: { dataset: "eval", runs: 1, lineTolerance: 3, format: "pretty", concurrency: 1 },
    });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    expect(parseEvalArgs(["--dataset=cases", "--runs", "3", "--line-tolerance=0", "--format", "json", "--judge-model", "openai/gpt-4o-mini", "--concurrency", "4"])).toEqual({
      kind: "eval",
      command: { dataset: "cases", runs: 3, lineTolerance: 0, format: "json", judgeModel: "openai/gpt-4o-mini", concurrency: 4 },
    });
  });

  it("answers --help and -h with the usage text", () => {
    expect(parseEvalArgs(["--help"])).toEqual({ kind: "help", text: EVAL_USAGE });
    expect(parseEvalArgs(["-h", "--runs", "x"])).toEqual({ kind: "help", text: EVAL_USAGE });
  });

  it.each([
    [[], "--dataset <dir> is required: the directory of cases (e.g. --dataset eval)"],
    [["--dataset", ""], "--dataset needs a directory"],
    [["--dataset", "eval", "--runs", "0"], "--runs must be at least 1"],
    [["--dataset", "eval", "--runs", "1.5"], "--runs takes a whole number"],
    [["--dataset", "eval", "--runs", "many"], "--runs takes a whole number"],
    [["--dataset", "eval", "--runs", "101"], "--runs must be at most 100"],
    [["--dataset", "eval", "--line-tolerance=-1"], "--line-tolerance takes a whole number"],
    [["--dataset", "eval", "--format", "sarif"], "--format must be one of pretty, json"],
    [["--dataset", "eval", "--judge-model", " "], "--judge-model needs a model name"],
    [["--dataset", "eval", "--concurrency", "0"], "--concurrency must be at least 1"],
  ])("%j is a usage error: %s", (argv, message) => {
    expect(usageMessage(argv)).toBe(message);
  });

  it("refuses unknown flags, flags without their value and stray arguments", () => {
    expect(usageMessage(["--dataset", "eval", "--tolerance", "2"])).toMatch(/Unknown option '--tolerance'/);
    expect(usageMessage(["--dataset"])).toMatch(/Option '--dataset <value>' argument missing/);
    expect(usageMessage(["--dataset", "eval", "extra"])).toMatch(/Unexpected argument 'extra'/);
  });

  it("reports several bad values together", () => {
    expect(usageMessage(["--dataset", "eval", "--runs", "0", "--format", "xml"])).toBe("--runs must be at least 1\n--format must be one of pretty, json");
  });
});
