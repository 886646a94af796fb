import { z } from "zod";

export const REVIEW_TOOL_NAME = "submit_review";

export const SEVERITIES = ["critical", "major", "minor", "nit"] as const;
export const SeveritySchema = z
  .enum(SEVERITIES)
  .describe(
    "critical: exploitable security hole, data loss or crash on a common path; major: a real bug or broken contract; " +
      "minor: an edge case or a risk worth fixing; nit: small cleanup",
  );
export type Severity = z.output<typeof SeveritySchema>;

/**
 * One finding as the model reports it. The field names are the contract with the model and the tests;
 * the schema stays flat because Qwen3-Coder's chat template shows nested schemas to the model as inline JSON.
 * `evidence` and `confidence` are optional so that a finding without them is still kept; the prompt asks
 * for them on every finding.
 */
export const FindingSchema = z.object({
  path: z.string().min(1).describe("Path of the file, exactly as in the `File:` heading of the diff"),
  start_line: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("First line of a multi-line range, numbered in the new file; leave out for a single line"),
  line: z
    .number()
    .int()
    .positive()
    .describe("Line number in the new file (the number shown before the line in the diff) that the finding is about"),
  // Models miscount line numbers; the cited line's text lets the comment be moved to where that text really is.
  code: z
    .string()
    .optional()
    .describe("The code of the cited line (`line`) exactly as shown in the diff, without its number and marker"),
  // Evidence and confidence come before the verdict (severity, body) on purpose: the model writes fields in
  // schema order and has no hidden reasoning step, so this is where it checks its claim before judging it.
  evidence: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Before the verdict: quote or point to the changed code that shows the problem and say in one or two sentences " +
        "how it fails (input, path, consequence). If you cannot point to such code, do not report the finding",
    ),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("How sure you are that this is a real problem, from 0 to 1; below 0.5 means leave the finding out"),
  severity: SeveritySchema,
  title: z.string().min(1).max(200).optional().describe("One line naming the problem"),
  body: z.string().min(1).describe("Markdown: what is wrong, why it matters, and how it shows up"),
  suggestion: z
    .string()
    .optional()
    .describe(
      "Replacement code for the whole range start_line..line (or the single line), exactly as it should read, " +
        "with its indentation; no diff markers, no line numbers, no code fence",
    ),
});
export type Finding = z.output<typeof FindingSchema>;

export const ReviewToolArgsSchema = z.object({
  summary: z
    .string()
    .describe("Markdown: a short walkthrough of what the change does and the overall verdict; no praise"),
  findings: z
    .array(FindingSchema)
    .describe("Problems found on the changed lines; an empty array when there is nothing worth a reviewer's time"),
});
export type ReviewToolArgs = z.output<typeof ReviewToolArgsSchema>;

export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

function toParameters(): Record<string, unknown> {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(ReviewToolArgsSchema, { target: "draft-7" });
  return parameters;
}

/** The function tool sent to the model; its JSON Schema is derived from the same schema that validates the answer. */
export const REVIEW_TOOL: ToolDefinition = {
  name: REVIEW_TOOL_NAME,
  description:
    "Submit the code review of the diff: a summary and the list of findings on changed lines. Call it exactly once.",
  parameters: toParameters(),
};
