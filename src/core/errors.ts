export type ModelErrorKind =
  | "auth"
  | "not_found"
  | "bad_request"
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "bad_output";

/**
 * A model call that failed, with a message a user can act on. Configuration errors (auth, not_found,
 * bad_request) fail the whole review at once: retrying or trying other parts would fail the same way.
 */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelError";
  }

  get isConfigurationError(): boolean {
    return this.kind === "auth" || this.kind === "not_found" || this.kind === "bad_request";
  }
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
