import { APIUserAbortError } from "openai";
import { ModelError } from "../../core/errors.js";

/**
 * A key or model that stops working ends the answer (and the review). A 400 does not: the first request with the
 * same settings was accepted, so a refused follow-up turn is about its content (e.g. its length), not the settings.
 */
export function settingsRejected(error: unknown): boolean {
  return error instanceof ModelError && (error.kind === "auth" || error.kind === "not_found");
}

/** The follow-up request was stopped by the review's signal (cancelled, or out of time), not refused. */
export function cutShort(error: unknown, signal: AbortSignal | undefined): boolean {
  return (signal?.aborted ?? false) || error instanceof APIUserAbortError;
}
