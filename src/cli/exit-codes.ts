/** The exit codes of `pr-reviewer review`: a contract scripts and CI gates rely on. */
export const EXIT = {
  /** Nothing at or above `--fail-on`. */
  ok: 0,
  /** A finding at or above `--fail-on`. */
  findings: 1,
  /** The command was wrong: an unknown flag, not a git repository, a bad ref, missing settings. */
  usage: 2,
  /** The review could not be done: the model endpoint refused, the diff could not be read. */
  reviewFailed: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
