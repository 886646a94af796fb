import { describe, expect, it } from "vitest";
import { excerpt, fitGuidanceFiles, renderGuidance } from "../../../src/core/context/repo-guidance.js";
import { estimateTokens } from "../../../src/core/plan/estimate-tokens.js";

describe("renderGuidance", () => {
  it("gives the instructions, the path instructions for the call's files only, then the guidance files", () => {
    const text = renderGuidance(
      {
        instructions: "Be strict.",
        pathInstructions: { "src/db/**": "Queries must use bound parameters.", "*.md": "Check links.", "web/**": "Unused." },
        excerpts: [{ path: "AGENTS.md", text: "Run npm test." }],
      },
      ["src/db/query.ts", "README.md"],
    );
    expect(text).toBe(
      [
        "Be strict.",
        "For files matching `src/db/**`: Queries must use bound parameters.",
        "For files matching `*.md`: Check links.",
        "From `AGENTS.md` on the default branch:\nRun npm test.",
      ].join("\n\n"),
    );
  });
});

describe("excerpt and fitGuidanceFiles", () => {
  const long = Array.from({ length: 400 }, (_, i) => `Rule ${i}: keep functions small and names honest.`).join("\n");

  it("cuts a long text at a line end within the budget and says so", () => {
    const cut = excerpt(long, 200, estimateTokens);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(200);
    expect(cut).toMatch(/^Rule 0: .*\n[\s\S]*honest\.\n\[… cut to fit the review's budget …\]$/);
    expect(excerpt("short", 200, estimateTokens)).toBe("short");
  });

  it("gives the first file what it needs and later files what is left, within the share", () => {
    const files = [{ path: "AGENTS.md", text: "Small." }, { path: "CONTRIBUTING.md", text: long }, { path: "X.md", text: long }];
    const fitted = fitGuidanceFiles(files, 500, 100, estimateTokens);
    expect(fitted.map((f) => f.path).slice(0, 2)).toEqual(["AGENTS.md", "CONTRIBUTING.md"]);
    expect(fitted[0]?.text).toBe("Small.");
    const total = estimateTokens(renderGuidance({ instructions: "", pathInstructions: {}, excerpts: fitted }, []));
    expect(total).toBeLessThanOrEqual(400 + 2 * fitted.length);
    expect(fitGuidanceFiles(files, 500, 500, estimateTokens)).toEqual([]);
  });
});
