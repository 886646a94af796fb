export interface WaitOptions {
  /** Give up after this many milliseconds (default 5,000). */
  readonly timeoutMs?: number;
  /** What is awaited, in words, for the timeout message; defaults to the predicate's source. */
  readonly description?: string;
}

type Check = () => void;

/**
 * Promises that settle when a recorded state satisfies a predicate. The owner calls `notify()` after every
 * state change, so nothing polls; the only timer is the timeout.
 */
export class Waiters<State> {
  readonly #pending = new Set<Check>();
  readonly #closers = new Set<(reason: Error) => void>();

  constructor(
    private readonly state: () => State,
    private readonly describeState: () => string,
  ) {}

  notify(): void {
    for (const check of [...this.#pending]) check();
  }

  /** Rejects everything still waiting: the server is gone and the state can no longer change. */
  closeAll(reason: string): void {
    for (const close of [...this.#closers]) close(new Error(reason));
  }

  waitFor<T>(predicate: (state: State) => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const description = options.description ?? predicate.toString();
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#pending.delete(check);
        this.#closers.delete(close);
      };
      const check: Check = () => {
        let value: T | undefined | null | false;
        try {
          value = predicate(this.state());
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value === undefined || value === null || value === false) return;
        finish();
        resolve(value);
      };
      const close = (reason: Error): void => {
        finish();
        reject(new Error(`${reason.message} while waiting for: ${description}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms waiting for: ${description}\n${this.describeState()}`));
      }, timeoutMs);
      this.#pending.add(check);
      this.#closers.add(close);
      check();
    });
  }
}
