import { setImmediate } from "node:timers/promises";

/** Resolves after pending I/O callbacks (webhook requests among them) have had their turn. */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate().then(() => undefined);
}
