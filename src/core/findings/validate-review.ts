import type { z } from "zod";
import { FindingSchema, type Finding } from "./review-tool.js";

export interface DroppedFinding {
  readonly index: number;
  readonly reason: string;
}

export interface ValidatedReview {
  readonly summary: string;
  readonly findings: readonly Finding[];
  /** Findings the model sent that did not match the schema, with why; reported, never silently lost. */
  readonly dropped: readonly DroppedFinding[];
}

export type ReviewValidation =
  | { readonly ok: true; readonly review: ValidatedReview }
  | { readonly ok: false; readonly error: string };

const NUMERIC_FIELDS = new Set(["line", "start_line"]);

/**
 * A confidence written as a percentage ("85%", 85) or a quoted number ("0.8") means the same thing as 0.85
 * or 0.8; anything else is left for the schema to reject.
 */
function normaliseConfidence(value: unknown): unknown {
  const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value) : null;
  const number = typeof value === "number" ? value : match?.[1] !== undefined ? Number(match[1]) : undefined;
  if (number === undefined) return value;
  const percent = match?.[2] === "%" || (number > 1 && number <= 100);
  return percent ? number / 100 : number;
}

/**
 * Models answer `null` for an optional field they do not use and sometimes quote numbers ("12"); both are
 * harmless, so they are normalised before the strict schema judges the rest.
 */
function normaliseFinding(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const normalised: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    if (NUMERIC_FIELDS.has(key) && typeof field === "string" && /^\s*\d+\s*$/.test(field)) {
      normalised[key] = Number(field);
    } else if (key === "confidence") {
      normalised[key] = normaliseConfidence(field);
    } else if (key === "severity" && typeof field === "string") {
      normalised[key] = field.trim().toLowerCase();
    } else {
      normalised[key] = field;
    }
  }
  return normalised;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Checks the `submit_review` arguments against the tool schema, one finding at a time, so that one bad
 * finding costs only itself and not the whole review.
 */
export function validateReviewArgs(raw: unknown): ReviewValidation {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, error: "the submit_review arguments are not a JSON object" };
  }
  const args: Record<string, unknown> = { ...raw };
  const summary = args["summary"];
  const findings = args["findings"] ?? [];
  if (typeof summary !== "string") {
    return { ok: false, error: "`summary` is missing or not a string" };
  }
  if (!Array.isArray(findings)) {
    return { ok: false, error: "`findings` is not an array" };
  }
  const valid: Finding[] = [];
  const dropped: DroppedFinding[] = [];
  findings.forEach((candidate: unknown, index) => {
    const parsed = FindingSchema.safeParse(normaliseFinding(candidate));
    if (parsed.success) valid.push(parsed.data);
    else dropped.push({ index, reason: formatIssues(parsed.error) });
  });
  return { ok: true, review: { summary, findings: valid, dropped } };
}
