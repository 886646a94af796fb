import { splitLines } from "../agent/file-text.js";
import type { FileDiff } from "../diff/types.js";
import type { PlacedFinding } from "../findings/select-findings.js";
import type { CountTokens } from "../plan/count-tokens.js";
import type { PromptMessages, PullRequestInfo } from "../prompt/render-prompt.js";
import { renderCheckedFinding, renderShownFile, renderVerificationMessage, type CheckedFinding, type ShownLines } from "./verification-prompt.js";

/** One call of the second look: the findings it checks and its prompt. */
export interface VerificationCall {
  readonly findings: readonly CheckedFinding[];
  readonly messages: PromptMessages;
}

export interface VerificationPlan {
  readonly calls: readonly VerificationCall[];
  /** Findings no call can check, with why: they are posted as found. */
  readonly unchecked: readonly { readonly finding: CheckedFinding; readonly reason: string }[];
}

export interface PlanVerificationInput {
  readonly findings: readonly PlacedFinding[];
  /** The head versions of the findings' files (path → text, redacted); a file without one is shown by its findings alone. */
  readonly texts: ReadonlyMap<string, string>;
  /** Whether the model can read what is not shown (the repository tools are offered). */
  readonly toolsOffered: boolean;
  /** The pull request's files, for the lines it adds. */
  readonly diffs: ReadonlyMap<string, FileDiff>;
  readonly pullRequest: PullRequestInfo;
  readonly systemPrompt: string;
  readonly promptBudgetTokens: number;
  /** Tokens each call leaves free: the tool definitions, and the room tool results may take. */
  readonly reservedTokens: number;
  readonly countTokens: CountTokens;
  readonly maxCalls: number;
}

/** Lines shown above and below a finding when its whole file does not fit. */
export const WINDOW_LINES = 60;
/** Separators and the fence around the parts of a message, per part. */
const PART_OVERHEAD_TOKENS = 16;

interface Group {
  readonly path: string;
  readonly findings: readonly CheckedFinding[];
  readonly file: string | undefined;
  readonly tokens: number;
}

function addedLines(diff: FileDiff | undefined): Set<number> {
  const added = new Set<number>();
  for (const hunk of diff?.hunks ?? []) for (const line of hunk.lines) if (line.kind === "add" && line.newLine !== undefined) added.add(line.newLine);
  return added;
}

function windowsAround(findings: readonly CheckedFinding[], lineCount: number): [number, number][] {
  const ranges = findings
    .filter((f) => f.placed.side === "RIGHT")
    .map((f): [number, number] => {
      const start = "startLine" in f.placed && f.placed.startLine !== undefined ? f.placed.startLine : f.placed.line;
      return [Math.max(1, start - WINDOW_LINES), Math.min(lineCount, f.placed.line + WINDOW_LINES)];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** A file's findings and its text: whole when that fits a call, else windows around the findings, else none. */
function groupOf(path: string, findings: readonly CheckedFinding[], input: PlanVerificationInput, callBudget: number): Group {
  const findingsTokens = findings.reduce((sum, f) => sum + input.countTokens(renderCheckedFinding(f)) + PART_OVERHEAD_TOKENS, 0);
  const text = input.texts.get(path);
  if (text === undefined) return { path, findings, file: undefined, tokens: findingsTokens };
  const added = addedLines(input.diffs.get(path));
  const candidates: ShownLines[] = [{ kind: "whole" }, { kind: "windows", ranges: windowsAround(findings, splitLines(text).length) }];
  for (const shown of candidates) {
    const file = renderShownFile(path, text, added, shown);
    const tokens = findingsTokens + input.countTokens(file) + PART_OVERHEAD_TOKENS;
    if (tokens <= callBudget) return { path, findings, file, tokens };
  }
  const file = renderShownFile(path, text, added, { kind: "none", reason: "too large for the prompt budget" });
  return { path, findings, file, tokens: findingsTokens + input.countTokens(file) + PART_OVERHEAD_TOKENS };
}

function messagesOf(groups: readonly Group[], input: PlanVerificationInput): PromptMessages {
  return {
    system: input.systemPrompt,
    user: renderVerificationMessage({
      pullRequest: input.pullRequest,
      findings: groups.flatMap((g) => g.findings),
      files: groups.flatMap((g) => (g.file === undefined ? [] : [g.file])),
    }),
  };
}

/**
 * The calls of the second look: findings numbered F1… in file and line order, grouped by file, each file shown
 * whole (or around its findings when it is too large), files packed into at most `maxCalls` calls within the
 * prompt budget. A finding whose file cannot be shown, when the model cannot read it either, is left unchecked:
 * a second look without new evidence is no check.
 */
export function planVerification(input: PlanVerificationInput): VerificationPlan {
  const ordered = [...input.findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  const checked = ordered.map((placed, index): CheckedFinding => ({ id: `F${index + 1}`, placed }));
  const frame = input.countTokens(input.systemPrompt) + input.countTokens(messagesOf([], input).user) + input.reservedTokens;
  const callBudget = input.promptBudgetTokens - frame;
  const unchecked: { finding: CheckedFinding; reason: string }[] = [];
  const byPath = new Map<string, CheckedFinding[]>();
  for (const finding of checked) byPath.set(finding.placed.path, [...(byPath.get(finding.placed.path) ?? []), finding]);

  const packed: Group[][] = [];
  let tokensOfLast = 0;
  for (const [path, findings] of byPath) {
    const group = groupOf(path, findings, input, callBudget);
    const leaveOut = (reason: string): void => {
      for (const finding of findings) unchecked.push({ finding, reason });
    };
    if (group.file === undefined && !input.toolsOffered) {
      leaveOut("its file could not be read at the head commit");
      continue;
    }
    if (group.tokens > callBudget) {
      leaveOut("it does not fit the prompt budget");
      continue;
    }
    const last = packed.at(-1);
    if (last !== undefined && tokensOfLast + group.tokens <= callBudget) {
      last.push(group);
      tokensOfLast += group.tokens;
    } else if (packed.length < input.maxCalls) {
      packed.push([group]);
      tokensOfLast = group.tokens;
    } else {
      leaveOut(`the second look takes at most ${input.maxCalls} calls`);
    }
  }
  return { calls: packed.map((groups) => ({ findings: groups.flatMap((g) => g.findings), messages: messagesOf(groups, input) })), unchecked };
}
