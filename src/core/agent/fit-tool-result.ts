import type { CountTokens } from "../plan/count-tokens.js";
import { renderToolResult } from "../prompt/render-tool-result.js";
import type { ToolCallOutcome } from "./model-tools.js";
import { formatCount, type ToolResult } from "./tool-result.js";

export interface FittedToolResult {
  readonly text: string;
  readonly tokens: number;
  readonly outcome: ToolCallOutcome;
}

/** The answer to a call that is not served: the call it answers, then why. */
export function refusalText(header: string, reason: string): string {
  return `${header}\nNot served: ${reason}`;
}

function cutNote(shown: number, total: number): string {
  return `Shortened to its first ${formatCount(shown)} of ${formatCount(total)} lines to fit the room left for tool results in this review; ask for less (a narrower line range, a more precise search) to see the rest.`;
}

/**
 * A tool result within `roomTokens`: whole when it fits; else its body cut to the most leading lines that fit,
 * with a note saying so; else not served, with a note that says why. The room is what the prompt budget and the
 * cap on tool results leave, so a result never makes a prompt overflow.
 */
export function fitToolResult(result: ToolResult, roomTokens: number, countTokens: CountTokens): FittedToolResult {
  const whole = renderToolResult(result);
  const wholeTokens = countTokens(whole);
  if (wholeTokens <= roomTokens) return { text: whole, tokens: wholeTokens, outcome: result.isError ? "failed" : "served" };

  const lines = result.body === "" ? [] : result.body.split("\n");
  const notesFor = (count: number): readonly string[] => result.notesWhenCut?.(count) ?? [...result.notes, cutNote(count, lines.length)];
  const render = (count: number): string => renderToolResult({ ...result, body: lines.slice(0, count).join("\n"), notes: notesFor(count) });
  // The most lines that fit, found by halving: each try counts one rendered text.
  let fits = 0;
  let low = 1;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (countTokens(render(middle)) <= roomTokens) {
      fits = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (fits > 0) {
    const text = render(fits);
    return { text, tokens: countTokens(text), outcome: "cut" };
  }
  const text = refusalText(
    result.header,
    `its result (${formatCount(wholeTokens)} tokens) does not fit the ${formatCount(Math.max(0, roomTokens))} tokens left for tool results in this review. ` +
      "Ask for less, or submit your review with what you know.",
  );
  return { text, tokens: countTokens(text), outcome: "refused" };
}
