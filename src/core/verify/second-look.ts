import pLimit from "p-limit";
import { callsSpentBefore, describeError } from "../errors.js";
import type { FileDiff } from "../diff/types.js";
import type { Severity } from "../findings/review-tool.js";
import { severityRank, type PlacedFinding } from "../findings/select-findings.js";
import { findingCandidates } from "../findings/validate-review.js";
import type { CountTokens } from "../plan/count-tokens.js";
import type { Logger, ModelCall, ModelTools, ReviewModel, ServedToolCall } from "../ports.js";
import type { PullRequestInfo } from "../prompt/render-prompt.js";
import type { VerificationReport } from "../publish/review-report.js";
import { matchConfirmations } from "./match-confirmations.js";
import { planVerification, type VerificationCall } from "./plan-verification.js";
import { verifySystemPromptFor, type CheckedFinding } from "./verification-prompt.js";

/** `verify` in the repository config: the least severe finding given a second look, or `off`. */
export type VerifyThreshold = Severity | "off";

export interface SecondLook {
  /** Fingerprints of the findings withdrawn: not to be posted. */
  readonly withdrawn: ReadonlySet<string>;
  /** Absent when no finding was at or above the threshold. */
  readonly report?: VerificationReport;
  readonly calls: readonly ModelCall[];
  readonly toolCalls: readonly ServedToolCall[];
}

export interface SecondLookInput {
  /** The findings about to be published; those at or above the threshold are checked. */
  readonly candidates: readonly PlacedFinding[];
  readonly threshold: VerifyThreshold;
  /** Head versions already read (path → text, redacted); others are read through `readTexts`. */
  readonly texts: ReadonlyMap<string, string>;
  readonly diffs: ReadonlyMap<string, FileDiff>;
  readonly pullRequest: PullRequestInfo;
  readonly promptBudgetTokens: number;
  /** Tokens each call leaves free for tool definitions (`submit_review`'s and the others') and tool results. */
  readonly reservedTokens: number;
}

export interface SecondLookPorts {
  readonly model: ReviewModel;
  readonly log: Logger;
  readonly countTokens: CountTokens;
  readonly tools?: ModelTools | undefined;
  /** Head versions of files (path → text, redacted; secret files left out); never rejects. */
  readonly readTexts: (paths: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** The review's deadline: once it has passed, what is not checked stays unverified. */
  readonly deadline?: AbortSignal | undefined;
}

/** Calls the second look may take: it must not cost more than the review it checks. */
export const MAX_VERIFICATION_CALLS = 4;

type CallOutcome =
  | { readonly kind: "checked"; readonly confirmed: ReadonlySet<string>; readonly calls: readonly ModelCall[]; readonly toolCalls: readonly ServedToolCall[] }
  | { readonly kind: "failed"; readonly reason: string; readonly calls: readonly ModelCall[]; readonly toolCalls: readonly ServedToolCall[] };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

async function check(call: VerificationCall, ports: SecondLookPorts, signal: AbortSignal): Promise<CallOutcome> {
  try {
    const answer = await ports.model.review(call.messages, signal, ports.tools);
    const calls = answer.calls ?? [{ purpose: "review" as const, usage: answer.usage, durationMs: 0 }];
    const toolCalls = answer.toolCalls ?? [];
    // A list cut short would withdraw the findings after the cut for nothing but the cut.
    if (answer.incomplete !== undefined) return { kind: "failed", reason: `its answer stayed incomplete (${answer.incomplete})`, calls, toolCalls };
    const args: unknown = answer.args;
    // No `findings` at all is no answer: read as an empty list, it would withdraw everything.
    if (typeof args !== "object" || args === null || !("findings" in args) || findingCandidates(args.findings) === undefined) {
      return { kind: "failed", reason: "its answer carried no list of confirmed findings", calls, toolCalls };
    }
    const matched = matchConfirmations(args, call.findings);
    // Entries that name none of the findings mean the answer missed the format, not that everything is wrong.
    if (matched.listed > 0 && matched.confirmed.size === 0) {
      return { kind: "failed", reason: `its answer listed ${plural(matched.listed, "finding")} but named none of those it was given`, calls, toolCalls };
    }
    if (matched.unmatched > 0) ports.log.info({ unmatched: matched.unmatched, listed: matched.listed }, "second look listed findings it was not given; ignored");
    return { kind: "checked", confirmed: matched.confirmed, calls, toolCalls };
  } catch (error) {
    return { kind: "failed", reason: describeError(error), calls: callsSpentBefore(error), toolCalls: [] };
  }
}

/**
 * The second look before posting: the findings at or above the threshold are shown to the model again with the
 * complete current files they are in (and the repository tools, when offered), and it answers with
 * `submit_review`, listing the findings it confirms. The others are withdrawn. A call that fails, or whose answer
 * cannot be read, withdraws nothing; findings the calls cannot take are posted unverified. The review's signal
 * aborting ends it with the review; its deadline passing leaves the rest unverified.
 */
export async function secondLook(input: SecondLookInput, ports: SecondLookPorts, signal?: AbortSignal): Promise<SecondLook> {
  const nothing: SecondLook = { withdrawn: new Set(), calls: [], toolCalls: [] };
  if (input.threshold === "off") return nothing;
  const threshold = input.threshold;
  const due = input.candidates.filter((placed) => severityRank(placed.finding.severity) <= severityRank(threshold));
  if (due.length === 0) return nothing;

  const missing = [...new Set(due.map((placed) => placed.path))].filter((path) => !input.texts.has(path));
  const read = missing.length === 0 ? new Map<string, string>() : await ports.readTexts(missing);
  const texts = new Map([...input.texts, ...read]);
  const plan = planVerification({
    findings: due,
    texts,
    toolsOffered: ports.tools !== undefined,
    diffs: input.diffs,
    pullRequest: input.pullRequest,
    systemPrompt: verifySystemPromptFor(ports.tools),
    promptBudgetTokens: input.promptBudgetTokens,
    reservedTokens: input.reservedTokens,
    countTokens: ports.countTokens,
    maxCalls: MAX_VERIFICATION_CALLS,
  });

  const callSignal = AbortSignal.any([...(signal === undefined ? [] : [signal]), ...(ports.deadline === undefined ? [] : [ports.deadline])]);
  const limit = pLimit(ports.model.callLimits?.concurrency ?? 1);
  const outcomes = await Promise.all(
    plan.calls.map((call) =>
      limit(async (): Promise<CallOutcome> => {
        if (ports.deadline?.aborted === true) return { kind: "failed", reason: "the review's time limit ran out before it", calls: [], toolCalls: [] };
        const outcome = await check(call, ports, callSignal);
        if (signal?.aborted === true) throw signal.reason;
        return outcome;
      }),
    ),
  );

  const withdrawn = new Set<string>();
  let confirmed = 0;
  let withdrawnCount = 0;
  let unverified = plan.unchecked.length;
  let problem = plan.unchecked[0] === undefined ? undefined : `${plural(plan.unchecked.length, "finding")} not checked: ${plan.unchecked[0].reason}`;
  outcomes.forEach((outcome, index) => {
    const findings: readonly CheckedFinding[] = plan.calls[index]?.findings ?? [];
    if (outcome.kind === "failed") {
      unverified += findings.length;
      problem ??= `the second look failed: ${outcome.reason}`;
      ports.log.warn({ findings: findings.map((f) => f.id), reason: outcome.reason }, "second look failed; its findings are posted as found");
      return;
    }
    for (const finding of findings) {
      if (outcome.confirmed.has(finding.id)) confirmed += 1;
      else {
        withdrawn.add(finding.placed.fingerprint);
        withdrawnCount += 1;
      }
    }
  });
  const report: VerificationReport = { threshold, confirmed, withdrawn: withdrawnCount, unverified, ...(problem === undefined ? {} : { problem }) };
  ports.log.info({ checked: due.length, confirmed, withdrawn: report.withdrawn, unverified, calls: plan.calls.length }, "second look at the findings done");
  return { withdrawn, report, calls: outcomes.flatMap((o) => o.calls), toolCalls: outcomes.flatMap((o) => o.toolCalls) };
}
