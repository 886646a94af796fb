import { LRUCache } from "lru-cache";

/** Something the cache can weigh. */
export interface Sized {
  readonly bytes: number;
}

/**
 * Snapshots of commits, shared by the reviews of one process: least recently used first out once their
 * bytes pass the bound, and one load per key however many reviews ask for it at once. A snapshot larger than
 * the whole bound is handed out but not kept; a failed load is not kept either, so a later review tries again.
 */
export class SnapshotCache<T extends Sized> {
  readonly #stored: LRUCache<string, T>;
  readonly #loading = new Map<string, Promise<T>>();

  constructor(readonly maxBytes: number) {
    this.#stored = new LRUCache<string, T>({ maxSize: maxBytes, sizeCalculation: (value) => Math.max(1, value.bytes) });
  }

  load(key: string, loader: () => Promise<T>): Promise<T> {
    const stored = this.#stored.get(key);
    if (stored !== undefined) return Promise.resolve(stored);
    const pending = this.#loading.get(key);
    if (pending !== undefined) return pending;
    const loading = loader()
      .then((value) => {
        this.#stored.set(key, value);
        return value;
      })
      .finally(() => this.#loading.delete(key));
    this.#loading.set(key, loading);
    return loading;
  }

  has(key: string): boolean {
    return this.#stored.has(key);
  }

  /** Bytes of the snapshots kept now. */
  get bytes(): number {
    return this.#stored.calculatedSize;
  }
}
