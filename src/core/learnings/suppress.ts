import { pathInPattern, titleKey, type Learning } from "./learning.js";

export interface Suppressed<T> {
  readonly item: T;
  /** The dismissal that matched: same title key, and the finding's file is in its path pattern. */
  readonly learning: Learning;
}

export interface Suppression<T> {
  readonly kept: readonly T[];
  readonly suppressed: readonly Suppressed<T>[];
}

/**
 * Findings like ones reviewers dismissed before are not reported again: the same title key (see `titleKey`) on a
 * file the dismissal's path pattern covers. Only `dismissed` lessons suppress; a `confirmed` one replaced any
 * dismissal with its id when it was learnt.
 */
export function suppressLikeDismissed<T>(
  items: readonly T[],
  describe: (item: T) => { readonly title: string; readonly path: string },
  learnings: readonly Learning[],
): Suppression<T> {
  const byKey = new Map<string, Learning[]>();
  for (const learning of learnings) {
    if (learning.verdict !== "dismissed") continue;
    byKey.set(learning.titleKey, [...(byKey.get(learning.titleKey) ?? []), learning]);
  }
  const kept: T[] = [];
  const suppressed: Suppressed<T>[] = [];
  for (const item of items) {
    const { title, path } = describe(item);
    const learning = byKey.get(titleKey(title))?.find((candidate) => pathInPattern(candidate.pathPattern, path));
    if (learning === undefined) kept.push(item);
    else suppressed.push({ item, learning });
  }
  return { kept, suppressed };
}
