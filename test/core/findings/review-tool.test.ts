import { describe, expect, it } from "vitest";
import { REVIEW_TOOL } from "../../../src/core/findings/review-tool.js";

describe("REVIEW_TOOL", () => {
  const parameters = REVIEW_TOOL.parameters as { properties: { findings: { items: { properties: Record<string, unknown>; required: string[] } } } };
  const finding = parameters.properties.findings.items;

  it("asks for evidence and confidence before the verdict, since the model writes fields in order", () => {
    const order = Object.keys(finding.properties);
    expect(order.indexOf("evidence")).toBeLessThan(order.indexOf("severity"));
    expect(order.indexOf("confidence")).toBeLessThan(order.indexOf("severity"));
    expect(order.indexOf("severity")).toBeLessThan(order.indexOf("body"));
    expect(finding.properties["confidence"]).toMatchObject({ type: "number", minimum: 0, maximum: 1 });
  });

  it("keeps the contract's names and required fields, and stays one level deep", () => {
    expect(Object.keys(parameters.properties)).toEqual(["summary", "findings"]);
    expect(finding.required).toEqual(["path", "line", "severity", "body"]);
    for (const property of Object.values(finding.properties)) {
      expect(property).not.toHaveProperty("properties");
      expect(property).not.toHaveProperty("items");
    }
  });
});
