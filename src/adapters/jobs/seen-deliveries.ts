/** The most recent delivery ids, oldest forgotten first: enough to drop GitHub's redeliveries in memory. */
export class SeenDeliveries {
  readonly #ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True when the id was new (and is now remembered). */
  remember(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next();
      if (oldest.done !== true) this.#ids.delete(oldest.value);
    }
    return true;
  }

  /** A delivery that was not taken (queue full) may be redelivered and taken later. */
  forget(id: string): void {
    this.#ids.delete(id);
  }
}
