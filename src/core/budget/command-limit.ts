import type { RollingWindow } from "./rolling-window.js";

export const COMMAND_LIMIT_ENV = "PERSON_HOURLY_COMMAND_LIMIT";

export type CommandAdmission = { readonly allowed: true } | { readonly allowed: false; readonly retryAt: Date };

/**
 * PERSON_HOURLY_COMMAND_LIMIT: how many model-spending commands (`/review`, `/ask`, answers in review threads)
 * one person may run per installation over the last hour, on every replica when the window is in Redis.
 */
export interface PersonCommandLimiter {
  /** Commands per person per hour; undefined when unlimited. For the refusal's text (`commandLimitMessage`). */
  readonly limit: number | undefined;
  /** Counts one command when it fits; otherwise says when the person may try again. Call it before the model. */
  tryConsume(installationId: number, login: string): Promise<CommandAdmission>;
}

/** With no limit (`unlimited`) every command is allowed and nothing is stored. */
export function personCommandLimiter(window: RollingWindow, limit: number | undefined, onRefused: () => void = () => undefined): PersonCommandLimiter {
  return {
    limit,
    async tryConsume(installationId, login) {
      if (limit === undefined) return { allowed: true };
      // Logins are case-insensitive on GitHub: `Octocat` and `octocat` share one allowance.
      const admission = await window.tryAdd(`${installationId}:${login.toLowerCase()}`, 1, limit);
      if (admission.allowed) return { allowed: true };
      onRefused();
      return { allowed: false, retryAt: new Date(admission.freesAt) };
    },
  };
}
