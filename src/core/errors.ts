import type { ModelCall } from "./model-call.js";

export type ModelErrorKind =
  | "auth"
  | "not_found"
  | "bad_request"
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "bad_output"
  /** Stopped (the review was cancelled or ran out of time) after some requests had been answered. */
  | "aborted";

/**
 * A model call that failed, with a message a user can act on. Configuration errors (auth, not_found,
 * bad_request) fail the whole review at once: retrying or trying other parts would fail the same way.
 * `calls` are the requests answered before the failure (e.g. a first answer whose repair turn failed): the
 * server served them, so their tokens and time count in the review's totals and the metrics.
 */
export class ModelError extends Error {
  readonly calls: readonly ModelCall[];

  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    options?: { cause?: unknown; calls?: readonly ModelCall[] },
  ) {
    super(message, options !== undefined && "cause" in options ? { cause: options.cause } : undefined);
    this.name = "ModelError";
    this.calls = options?.calls ?? [];
  }

  get isConfigurationError(): boolean {
    return this.kind === "auth" || this.kind === "not_found" || this.kind === "bad_request";
  }
}

/** The model requests answered before `error` ended an answer; none for errors that do not say. */
export function callsSpentBefore(error: unknown): readonly ModelCall[] {
  return error instanceof ModelError ? error.calls : [];
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export type InterruptionKind = "superseded" | "shutdown" | "timeout";

/**
 * Why a running review was stopped from outside: a newer push, the process shutting down, or the job's
 * deadline. Travels as an AbortSignal's reason; the review then posts nothing and says why in the check run.
 */
export class ReviewInterrupted extends Error {
  constructor(
    readonly kind: InterruptionKind,
    message: string,
  ) {
    super(message);
    this.name = "ReviewInterrupted";
  }
}
