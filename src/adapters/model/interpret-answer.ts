import type { ChatCompletion } from "openai/resources/chat/completions";
import { ModelError } from "../../core/errors.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import { validateReviewArgs } from "../../core/findings/validate-review.js";
import { extractToolArgs } from "./extract-tool-args.js";

/** What an answer is worth: usable arguments (maybe with findings that break the schema), or why not. */
export type Interpretation =
  | { readonly usable: true; readonly args: Record<string, unknown>; readonly validFindings: number; readonly problem?: string }
  | { readonly usable: false; readonly problem: string };

const MAX_LISTED = 10;

export function interpretAnswer(completion: ChatCompletion): Interpretation {
  let args: Record<string, unknown>;
  try {
    args = extractToolArgs(completion, REVIEW_TOOL.name, ["findings"]);
  } catch (error) {
    if (error instanceof ModelError) return { usable: false, problem: error.message };
    throw error;
  }
  const validation = validateReviewArgs(args);
  if (!validation.ok) return { usable: false, problem: `the ${REVIEW_TOOL.name} arguments did not match its schema: ${validation.error}` };
  const { findings, dropped } = validation.review;
  if (dropped.length === 0) return { usable: true, args, validFindings: findings.length };
  const listed = dropped.slice(0, MAX_LISTED).map((d) => `findings[${d.index}]: ${d.reason}`);
  const more = dropped.length > MAX_LISTED ? `; and ${dropped.length - MAX_LISTED} more` : "";
  return {
    usable: true,
    args,
    validFindings: findings.length,
    problem: `${dropped.length} of the findings did not match the schema (${listed.join("; ")}${more})`,
  };
}

/**
 * After a repair turn: the answer that keeps the most valid findings, the corrected one on a tie; none
 * when neither is usable.
 */
export function betterAnswer(first: Interpretation, repaired: Interpretation): Interpretation | undefined {
  if (repaired.usable && (!first.usable || repaired.validFindings >= first.validFindings)) return repaired;
  return first.usable ? first : undefined;
}
