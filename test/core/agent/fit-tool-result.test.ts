import { describe, expect, it } from "vitest";
import { fitToolResult } from "../../../src/core/agent/fit-tool-result.js";
import { readFile } from "../../../src/core/agent/read-file.js";
import { MIN_RESULT_TOKENS, repositoryTools } from "../../../src/core/agent/repository-tools.js";
import type { ToolResult } from "../../../src/core/agent/tool-result.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";
import { renderToolResult } from "../../../src/core/prompt/render-tool-result.js";
import { environment, lines } from "./support.js";

const body = Array.from({ length: 100 }, (_, i) => `${String(i + 1).padStart(4)} | const value${i + 1} = compute(${i + 1});`).join("\n");
const result: ToolResult = { header: "read_file src/a.ts", body, notes: ["src/a.ts: lines 1-100 of 100."], isError: false };
const settings = { enabled: true, maxRounds: 6, maxResultTokens: 16_000 };

describe("fitToolResult", () => {
  it("keeps a result that fits whole, counted as the budget counts", () => {
    const fitted = fitToolResult(result, 10_000, estimateTokens);
    expect(fitted.outcome).toBe("served");
    expect(fitted.text).toBe(`read_file src/a.ts\n<pr_data>\n${body}\n</pr_data>\nsrc/a.ts: lines 1-100 of 100.`);
    expect(fitted.tokens).toBe(estimateTokens(fitted.text));
  });

  it("cuts the body to the most leading lines that fit, and says so", () => {
    const fitted = fitToolResult(result, 400, estimateTokens);
    expect(fitted.outcome).toBe("cut");
    expect(fitted.tokens).toBeLessThanOrEqual(400);
    const shown = fitted.text.split("\n").filter((line) => /^ {0,3}\d+ \| /.test(line));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown[0]).toContain("value1 ");
    expect(fitted.text).toContain(`Shortened to its first ${shown.length} of 100 lines to fit the room left for tool results in this review`);
    // One more line would not have fitted.
    const count = shown.length + 1;
    const note = `Shortened to its first ${count} of 100 lines to fit the room left for tool results in this review; ask for less (a narrower line range, a more precise search) to see the rest.`;
    const oneMore = renderToolResult({ ...result, body: body.split("\n").slice(0, count).join("\n"), notes: [...result.notes, note] });
    expect(estimateTokens(oneMore)).toBeGreaterThan(400);
  });

  it("says where a cut read_file result really ends, so the model reads on from the first line it did not see", async () => {
    const read = await readFile({ path: "src/a.ts", start_line: 11 }, environment({ "src/a.ts": lines(900) }));
    expect(read.notes.join(" ")).toContain("read on with start_line 211");
    const fitted = fitToolResult(read, 400, estimateTokens);
    expect(fitted.outcome).toBe("cut");
    const shown = fitted.text.split("\n").filter((line) => /^ *\d+ \| /.test(line));
    const last = 11 + shown.length - 1;
    expect(fitted.text).toContain(`src/a.ts: lines 11-${last} of 900.`);
    expect(fitted.text).toContain(`read on with start_line ${last + 1}`);
    expect(fitted.text).not.toContain("start_line 211");
  });

  it("refuses a result when not even its first line fits, naming the call and the room", () => {
    const fitted = fitToolResult(result, 60, estimateTokens);
    expect(fitted.outcome).toBe("refused");
    expect(fitted.text).toMatch(/^read_file src\/a\.ts\nNot served: its result \(\d[\d,]* tokens\) does not fit the 60 tokens left for tool results in this review\./);
  });

  it("calls a failed call failed, not served", () => {
    expect(fitToolResult({ header: "read_file x", body: "", notes: ["No file x at the head commit."], isError: true }, 1_000, estimateTokens).outcome).toBe("failed");
  });
});

describe("repositoryTools", () => {
  const tools = repositoryTools(environment({ "src/a.ts": lines(300), ".env": "TOKEN=sk-abcdefghijkl\n" }), settings, estimateTokens);

  it("serves a call within the room it is given, labelled by its tool", async () => {
    const reply = await tools.serve({ name: "read_file", arguments: '{"path":"src/a.ts","start_line":5,"end_line":6}' }, 1_000);
    expect(reply).toEqual({ tool: "read_file", outcome: "served", text: expect.stringContaining("   5 | line 5\n   6 | line 6") as string, tokens: estimateTokens(reply.text) });
    expect(reply.text.split("\n")[0]).toBe("read_file src/a.ts:5-6");
  });

  it("refuses without reading when the room is below what a result needs", async () => {
    const reply = await tools.serve({ name: "search_code", arguments: { query: "line" } }, MIN_RESULT_TOKENS - 1);
    expect(reply.outcome).toBe("refused");
    expect(reply.text).toBe('search_code "line"\nNot served: no room is left for tool results in this review. Submit your review with what you know.');
  });

  it("answers an unknown tool as a failed call of `other`, which keeps made-up names out of metric labels", async () => {
    const reply = await tools.serve({ name: "run_shell", arguments: { command: "rm -rf /" } }, 1_000);
    expect(reply.tool).toBe("other");
    expect(reply.outcome).toBe("failed");
    expect(reply.text).toContain("There is no tool run_shell; the repository tools are read_file, search_code, list_files.");
  });

  it("never shows a secret file", async () => {
    const reply = await tools.serve({ name: "read_file", arguments: { path: ".env" } }, 1_000);
    expect(reply.outcome).toBe("failed");
    expect(reply.text).not.toContain("sk-");
  });

  it("names the refused call as it would have been served", () => {
    expect(tools.refuse({ name: "read_file", arguments: { path: "src/a.ts", start_line: "3" } }, "a bound was reached.").text).toBe("read_file src/a.ts:3-\nNot served: a bound was reached.");
    expect(tools.refuse({ name: "list_files", arguments: "{bad" }, "no.").text).toBe('list_files {bad\nNot served: no.');
  });
});
