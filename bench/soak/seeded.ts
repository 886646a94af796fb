/**
 * Seeded decisions that do not depend on the order requests arrive in: each is a function of the seed and of
 * the request's identity (its route and how many times that route was asked before), so a replay with the
 * same seed injects the same faults into the same requests even though concurrent reviews interleave
 * differently from run to run.
 */
export function roll(seed: number, key: string): number {
  // FNV-1a over the key, mixed with the seed, then one mulberry32 step for a well-spread result.
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  let t = (hash + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** How many times each key was seen: the second `GET …/files` of a PR is a request of its own. */
export class Occurrences {
  readonly #seen = new Map<string, number>();

  next(key: string): string {
    const count = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, count);
    return `${key}#${count}`;
  }
}

/** Picks one of `choices` by `weight` with a roll in [0, 1). */
export function weighted<T extends { readonly weight: number }>(choices: readonly T[], value: number): T {
  const total = choices.reduce((sum, choice) => sum + choice.weight, 0);
  let left = value * total;
  for (const choice of choices) {
    left -= choice.weight;
    if (left < 0) return choice;
  }
  const last = choices.at(-1);
  if (last === undefined) throw new Error("no choices");
  return last;
}
