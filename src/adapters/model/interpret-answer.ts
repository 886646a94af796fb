import type { ChatCompletion } from "openai/resources/chat/completions";
import { ModelError } from "../../core/errors.js";
import { REVIEW_TOOL, type Finding } from "../../core/findings/review-tool.js";
import { findingCandidates, validateFinding, validateReviewArgs } from "../../core/findings/validate-review.js";
import { readToolCall, type CallCut } from "./extract-tool-args.js";

/** One finding as it arrived, and what validation made of it. */
export type ReceivedFinding =
  | { readonly raw: unknown; readonly ok: true; readonly finding: Finding }
  | { readonly raw: unknown; readonly ok: false; readonly reason: string };

/** What a usable answer brought: its summary and each whole finding. */
export interface Received {
  readonly summary: string;
  /** False when the answer was cut off in its summary, or before it. */
  readonly summaryComplete: boolean;
  readonly findings: readonly ReceivedFinding[];
}

/** An answer cut off before the model finished its call. */
export interface AnswerCut {
  /** How the cut shows (the output limit, unfinished JSON or XML). */
  readonly sign: string;
  /** The finding being written at the cut was left out. */
  readonly partialFindingLeftOut: boolean;
}

/**
 * What an answer is worth: usable arguments (maybe with findings that break the schema, maybe cut off before
 * the end, `cut`), or why not.
 */
export type Interpretation =
  | {
      readonly usable: true;
      readonly args: Record<string, unknown>;
      readonly validFindings: number;
      readonly received: Received;
      readonly problem?: string;
      readonly cut?: AnswerCut;
    }
  | { readonly usable: false; readonly problem: string };

export type UsableInterpretation = Extract<Interpretation, { readonly usable: true }>;

const MAX_LISTED = 10;

function receive(candidates: readonly unknown[]): ReceivedFinding[] {
  return candidates.map((raw) => {
    const validation = validateFinding(raw);
    return validation.ok ? { raw, ok: true, finding: validation.finding } : { raw, ok: false, reason: validation.reason };
  });
}

/** The reasons of the findings that could not be used, as `findings[i]: reason`, the first few of them. */
export function unusableFindings(received: Received): { readonly count: number; readonly listed: string } {
  const unusable = received.findings.flatMap((f, index) => (f.ok ? [] : [`findings[${index}]: ${f.reason}`]));
  const more = unusable.length > MAX_LISTED ? `; and ${unusable.length - MAX_LISTED} more` : "";
  return { count: unusable.length, listed: `${unusable.slice(0, MAX_LISTED).join("; ")}${more}` };
}

function schemaProblem(received: Received): string | undefined {
  const { count, listed } = unusableFindings(received);
  return count === 0 ? undefined : `${count} of the findings did not match the schema (${listed})`;
}

/** The `submit_review` arguments for what was received: the findings as they arrived, for the core to validate. */
export function argsOf(received: Received): Record<string, unknown> {
  const summary = received.summaryComplete || received.summary.trim() === "" ? received.summary : `${received.summary.trimEnd()} …`;
  return { summary, findings: received.findings.map((f) => f.raw) };
}

export function usable(received: Received, cut?: AnswerCut): UsableInterpretation {
  const problem = schemaProblem(received);
  return {
    usable: true,
    args: argsOf(received),
    validFindings: received.findings.filter((f) => f.ok).length,
    received,
    ...(problem === undefined ? {} : { problem }),
    ...(cut === undefined ? {} : { cut }),
  };
}

/** A cut-off call keeps what arrived whole, even without a summary: the rest is asked for, not given up. */
function interpretCut(args: Record<string, unknown>, cut: CallCut): Interpretation {
  const summary = typeof args["summary"] === "string" ? args["summary"] : "";
  const received: Received = {
    summary,
    summaryComplete: typeof args["summary"] === "string" && cut.member !== "summary",
    findings: receive(findingCandidates(args["findings"]) ?? []),
  };
  return usable(received, { sign: cut.sign, partialFindingLeftOut: cut.partialElementLeftOut });
}

export function interpretAnswer(completion: ChatCompletion): Interpretation {
  let call: ReturnType<typeof readToolCall>;
  try {
    call = readToolCall(completion, REVIEW_TOOL.name, ["findings"]);
  } catch (error) {
    if (error instanceof ModelError) return { usable: false, problem: error.message };
    throw error;
  }
  const { args, cut } = call;
  if (cut !== undefined) return interpretCut(args, cut);
  const validation = validateReviewArgs(args);
  if (!validation.ok) return { usable: false, problem: `the ${REVIEW_TOOL.name} arguments did not match its schema: ${validation.error}` };
  const received: Received = { summary: validation.review.summary, summaryComplete: true, findings: receive(findingCandidates(args["findings"]) ?? []) };
  const problem = schemaProblem(received);
  return { usable: true, args, validFindings: validation.review.findings.length, received, ...(problem === undefined ? {} : { problem }) };
}

/**
 * After a repair turn: the answer that keeps the most valid findings, the corrected one on a tie; none
 * when neither is usable.
 */
export function betterAnswer(first: Interpretation, repaired: Interpretation): Interpretation | undefined {
  if (repaired.usable && (!first.usable || repaired.validFindings >= first.validFindings)) return repaired;
  return first.usable ? first : undefined;
}
