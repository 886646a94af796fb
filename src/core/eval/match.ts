import type { ExpectedIssue } from "./case-file.js";
import type { Counts } from "./metrics.js";
import type { EvalFinding, MatchJudge } from "./types.js";

export interface MatchOptions {
  /** The expected range is widened by this many lines on both ends (`--line-tolerance`). */
  readonly lineTolerance: number;
  /** When given, a pair within the tolerance must also be judged a match. */
  readonly judge?: MatchJudge | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A finding (by index) that was taken to report an expected issue (by index). */
export interface MatchedPair {
  readonly expected: number;
  readonly finding: number;
}

export interface CaseMatch extends Counts {
  readonly pairs: readonly MatchedPair[];
  /** How many pairs were put to the judge. */
  readonly judgeCalls: number;
}

function normalisePath(path: string): string {
  return path.replace(/^(\.\/)+/, "");
}

function findingRange(finding: EvalFinding): readonly [number, number] {
  const start = finding.start_line ?? finding.line;
  return start <= finding.line ? [start, finding.line] : [finding.line, start];
}

/**
 * Same file, and the finding's lines overlap the expected lines widened by `tolerance` on both ends. Expected
 * lines are new-file lines, so a finding on deleted lines (old-file numbers) is never within tolerance.
 */
export function withinTolerance(finding: EvalFinding, expected: ExpectedIssue, tolerance: number): boolean {
  if (finding.side === "LEFT") return false;
  if (normalisePath(finding.path) !== normalisePath(expected.path)) return false;
  const [start, end] = findingRange(finding);
  return start <= (expected.end_line ?? expected.line) + tolerance && end >= expected.line - tolerance;
}

function distance(finding: EvalFinding, expected: ExpectedIssue): number {
  const [start, end] = findingRange(finding);
  const expectedEnd = expected.end_line ?? expected.line;
  if (end < expected.line) return expected.line - end;
  if (start > expectedEnd) return start - expectedEnd;
  return 0;
}

/**
 * The largest one-to-one matching (Kuhn's augmenting paths). A greedy pass can take the one finding that a
 * second issue needed while another finding would have done for the first; augmenting paths undo such a
 * choice, so TP is the best possible. Candidates are tried nearest first, then in finding order, so the
 * result is the same on every run, and an earlier issue is moved off its nearest finding only when a later
 * issue has no other.
 */
export function maximumMatching(candidates: readonly (readonly number[])[], findingCount: number): MatchedPair[] {
  const issueOfFinding: (number | undefined)[] = new Array<number | undefined>(findingCount).fill(undefined);
  const augment = (issue: number, visited: boolean[]): boolean => {
    const own = candidates[issue] ?? [];
    // A free finding first: an issue already paired keeps its nearest finding unless there is no other way.
    const free = own.find((finding) => visited[finding] !== true && issueOfFinding[finding] === undefined);
    if (free !== undefined) {
      visited[free] = true;
      issueOfFinding[free] = issue;
      return true;
    }
    for (const finding of own) {
      if (visited[finding] === true) continue;
      visited[finding] = true;
      const holder = issueOfFinding[finding];
      if (holder === undefined || augment(holder, visited)) {
        issueOfFinding[finding] = issue;
        return true;
      }
    }
    return false;
  };
  candidates.forEach((_, issue) => augment(issue, new Array<boolean>(findingCount).fill(false)));
  const pairs: MatchedPair[] = [];
  issueOfFinding.forEach((issue, finding) => {
    if (issue !== undefined) pairs.push({ expected: issue, finding });
  });
  return pairs.sort((a, b) => a.expected - b.expected);
}

/**
 * Scores one review of one case: which findings report which expected issues, one to one. Every finding
 * left over is a false positive, every issue left over a false negative.
 */
export async function matchFindings(
  findings: readonly EvalFinding[],
  expected: readonly ExpectedIssue[],
  options: MatchOptions,
): Promise<CaseMatch> {
  let judgeCalls = 0;
  const candidates: number[][] = [];
  for (const issue of expected) {
    const near = findings
      .map((finding, index) => ({ finding, index }))
      .filter(({ finding }) => withinTolerance(finding, issue, options.lineTolerance))
      .sort((a, b) => distance(a.finding, issue) - distance(b.finding, issue) || a.index - b.index);
    const agreed: number[] = [];
    for (const { finding, index } of near) {
      if (options.judge === undefined) {
        agreed.push(index);
        continue;
      }
      judgeCalls += 1;
      if (await options.judge.judge(finding, issue, options.signal)) agreed.push(index);
    }
    candidates.push(agreed);
  }
  const pairs = maximumMatching(candidates, findings.length);
  return { pairs, judgeCalls, tp: pairs.length, fp: findings.length - pairs.length, fn: expected.length - pairs.length };
}
