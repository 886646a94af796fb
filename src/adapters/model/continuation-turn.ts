import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { shortenTitle } from "../../core/findings/mend-finding.js";
import { titleOf } from "../../core/findings/place-findings.js";
import type { Finding } from "../../core/findings/review-tool.js";
import { unusableFindings, type AnswerCut, type Received } from "./interpret-answer.js";

const MAX_LISTED_TITLE_CHARS = 100;
const MAX_PROBLEM_CHARS = 2_000;

/** What a continuation turn says: the cut, and everything received so far. */
export interface ContinuationAsk {
  readonly toolName: string;
  readonly cut: AnswerCut;
  readonly received: Received;
}

function listed(finding: Finding): string {
  const lines = finding.start_line === undefined ? `${finding.line}` : `${finding.start_line}-${finding.line}`;
  const place = `${finding.path}:${lines}`.replace(/`/g, "'");
  return `- \`${place}\` (${finding.severity}) ${shortenTitle(titleOf(finding), MAX_LISTED_TITLE_CHARS)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The findings that arrived whole and usable, in the order they came. */
export function receivedFindings(received: Received): Finding[] {
  return received.findings.flatMap((f) => (f.ok ? [f.finding] : []));
}

/**
 * The two messages that ask for the rest of a cut-off call, after the first prompt: a short assistant turn
 * standing for the cut answer (the answer itself is not replayed: it costs its length again, and vLLM parses
 * replayed tool-call arguments as JSON, which is exactly what is broken), then what arrived — the first
 * `listedCount` usable findings by place, severity and title — and the request for only what did not.
 */
export function continuationTurn(ask: ContinuationAsk, listedCount: number): ChatCompletionMessageParam[] {
  const { toolName, cut, received } = ask;
  const findings = receivedFindings(received);
  const shown = findings.slice(0, listedCount);
  const unusable = unusableFindings(received);
  const problem = unusable.listed.length > MAX_PROBLEM_CHARS ? `${unusable.listed.slice(0, MAX_PROBLEM_CHARS)} …` : unusable.listed;
  const arrived = [
    `Your ${toolName} call was cut off before its end: ${cut.sign}. What arrived:`,
    `- the summary${received.summaryComplete ? "" : " (cut off)"};`,
    `- ${plural(findings.length, "complete finding")}${findings.length > 0 ? ", kept:" : "."}`,
    ...shown.map(listed),
    ...(findings.length > shown.length ? [`- … and ${findings.length - shown.length} more, not listed here to save room.`] : []),
  ];
  const lost = [
    ...(cut.partialFindingLeftOut ? ["The finding you were writing when the cut came was lost."] : []),
    ...(unusable.count > 0 ? [`${plural(unusable.count, "finding")} could not be used (${problem}).`] : []),
  ];
  const summary = received.summaryComplete ? "Pass an empty summary: yours arrived whole." : "Write your summary again, in at most three sentences: it was cut off.";
  const request =
    `Call the ${toolName} tool again, exactly once, with only what did not arrive: the findings you have not submitted yet` +
    (unusable.count > 0 ? ", and the ones that could not be used, corrected" : "") +
    `. Do not repeat the findings listed above. ${summary} If nothing is left to report, pass an empty findings list. ` +
    "Keep every finding brief, so that the whole call fits in your answer. Do not answer in plain text.";
  return [
    { role: "assistant", content: `I called ${toolName}, but my call was cut off before its end.` },
    { role: "user", content: [arrived.join("\n"), ...(lost.length > 0 ? [lost.join(" ")] : []), request].join("\n\n") },
  ];
}
