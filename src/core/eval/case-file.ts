import { z } from "zod";
import { SEVERITIES } from "../findings/review-tool.js";

const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith("/") && !path.split("/").includes("..") && !path.includes("\\"), {
    message: "must be a path relative to after/, with forward slashes and no `..` (e.g. src/app.ts)",
  })
  .transform((path) => path.replace(/^(\.\/)+/, ""));

export const ExpectedIssueSchema = z
  .strictObject({
    path: relativePath.describe("The file the issue is in, relative to after/"),
    line: z.number().int().positive().describe("The line of the bug in the new file (after/), from 1"),
    end_line: z.number().int().positive().optional().describe("The last line of a multi-line issue"),
    severity: z.enum(SEVERITIES).optional().describe("How bad it is; reported, not used for matching"),
    description: z.string().trim().min(1).describe("What is wrong, for people and for the judge model"),
  })
  .refine((issue) => issue.end_line === undefined || issue.end_line >= issue.line, {
    message: "end_line must not be before line",
    path: ["end_line"],
  });
export type ExpectedIssue = z.output<typeof ExpectedIssueSchema>;

/** `case.yaml` of one case folder. Unknown keys are refused, so a misspelt `end-line` is not silently ignored. */
export const CaseFileSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lower-case letters, digits, `.`, `_` or `-` (e.g. ts-off-by-one)"),
  description: z.string().optional(),
  instructions: z.string().max(8000).optional(),
  expected: z.array(ExpectedIssueSchema, {
    error: (issue) => (issue.input === undefined ? "is required: list the expected issues, or [] for a clean case" : "must be a list"),
  }),
});
export type CaseFile = z.output<typeof CaseFileSchema>;

/** Every problem of a parsed `case.yaml`, each naming its field, e.g. `expected[1].line: …`. */
export function validateCaseFile(data: unknown): { ok: true; caseFile: CaseFile } | { ok: false; problems: string[] } {
  const parsed = CaseFileSchema.safeParse(data);
  if (parsed.success) return { ok: true, caseFile: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${fieldName(issue.path)}${issue.message}`) };
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "";
  const name = path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
  return `${name}: `;
}
