import type { z } from "zod";
import { mendFinding } from "./mend-finding.js";
import { FindingSchema, type Finding } from "./review-tool.js";

export interface DroppedFinding {
  readonly index: number;
  readonly reason: string;
}

export interface ValidatedReview {
  readonly summary: string;
  readonly findings: readonly Finding[];
  /** Findings the model sent that could not be used even after mending, with why; reported, never silently lost. */
  readonly dropped: readonly DroppedFinding[];
  /** Cosmetic defects mended so that the findings could be kept (`findings[3]: title shortened …`): for the log, not a problem. */
  readonly mended: readonly string[];
}

export type ReviewValidation =
  | { readonly ok: true; readonly review: ValidatedReview }
  | { readonly ok: false; readonly error: string };

export type FindingValidation =
  | { readonly ok: true; readonly finding: Finding; readonly mended: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** One finding as the model sent it: mended where the defect is cosmetic, then judged by the tool's schema. */
export function validateFinding(candidate: unknown): FindingValidation {
  const mended = mendFinding(candidate);
  const parsed = FindingSchema.safeParse(mended.value);
  return parsed.success ? { ok: true, finding: parsed.data, mended: mended.notes } : { ok: false, reason: formatIssues(parsed.error) };
}

/**
 * The `findings` value as a list: missing means none, and one finding object given without its array is
 * taken as a list of one. Undefined when it is something else.
 */
export function findingCandidates(value: unknown): readonly unknown[] | undefined {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "object" && value !== null) return [value];
  return undefined;
}

/**
 * Checks the `submit_review` arguments against the tool schema, one finding at a time, so that one bad
 * finding costs only itself and not the whole review; cosmetic defects are mended first (`mendFinding`).
 */
export function validateReviewArgs(raw: unknown): ReviewValidation {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, error: "the submit_review arguments are not a JSON object" };
  }
  const args: Record<string, unknown> = { ...raw };
  const summary = args["summary"];
  if (typeof summary !== "string") {
    return { ok: false, error: "`summary` is missing or not a string" };
  }
  const mended: string[] = [];
  const findings = findingCandidates(args["findings"]);
  if (findings === undefined) {
    return { ok: false, error: "`findings` is not an array" };
  }
  if (!Array.isArray(args["findings"]) && findings.length > 0) mended.push("`findings` was one object, not an array: taken as a list of one");
  const valid: Finding[] = [];
  const dropped: DroppedFinding[] = [];
  findings.forEach((candidate: unknown, index) => {
    const validation = validateFinding(candidate);
    if (!validation.ok) {
      dropped.push({ index, reason: validation.reason });
      return;
    }
    valid.push(validation.finding);
    if (validation.mended.length > 0) mended.push(`findings[${index}]: ${validation.mended.join("; ")}`);
  });
  return { ok: true, review: { summary, findings: valid, dropped, mended } };
}
