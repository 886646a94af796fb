/** True positives, false positives and false negatives of one case, or summed over cases (micro pooling). */
export interface Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

export interface Scores extends Counts {
  /** TP / (TP + FP); null when there were no findings. */
  readonly precision: number | null;
  /** TP / (TP + FN); null when nothing was expected. */
  readonly recall: number | null;
  /** 2PR / (P + R); null when P or R is null, 0 when both are 0. */
  readonly f1: number | null;
}

/** A ratio whose denominator is 0 is undefined, not 0 or 1: it is reported as null. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function f1Of(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  // Both 0 means every finding was wrong and every issue missed: the worst score, not an undefined one.
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function scoresOf(counts: Counts): Scores {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return { tp: counts.tp, fp: counts.fp, fn: counts.fn, precision, recall, f1: f1Of(precision, recall) };
}

export function sumCounts(all: readonly Counts[]): Counts {
  return all.reduce<Counts>((sum, c) => ({ tp: sum.tp + c.tp, fp: sum.fp + c.fp, fn: sum.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
}

/** The mean of the values that are defined; null when none is. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null);
  return defined.length === 0 ? null : defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

export interface Spread {
  readonly min: number | null;
  readonly max: number | null;
}

export function spreadOf(values: readonly (number | null)[]): Spread {
  const defined = values.filter((value): value is number => value !== null);
  return defined.length === 0 ? { min: null, max: null } : { min: Math.min(...defined), max: Math.max(...defined) };
}
