import { ignoredByRepository } from "../diff/select-files.js";
import { redactSecrets } from "../secrets/redact-secrets.js";
import { secretFile } from "../secrets/secret-files.js";

/**
 * What of the repository may reach the model, in one place: every tool result, every section of cross-file
 * impact and every file shown for the second look goes through these rules.
 */
export interface ShownTextRules {
  /** false for a file never shown to the model (credentials such as `.env`, what the repository's `ignore` says). */
  readonly mayShow: (path: string) => boolean;
  /** Why a file is never shown, for the model's refusal; undefined for a file that may be shown. */
  readonly whyHidden: (path: string) => string | undefined;
  /** Masks secrets in a text before it is shown. */
  readonly redact: (text: string) => string;
}

const SECRET_FILE_REASON = "may hold secrets, and such files are never shown to the reviewer";

/**
 * Files of credentials are never shown, and neither are the files the repository's `ignore` patterns name: the
 * README promises both are never sent. A `!pattern` may re-include an ignored file, never a file of credentials.
 */
export function shownTextRules(ignore: readonly string[]): ShownTextRules {
  const ignored = ignoredByRepository(ignore);
  const whyHidden = (path: string): string | undefined => {
    if (secretFile(path) !== undefined) return SECRET_FILE_REASON;
    const rule = ignored(path);
    return rule === undefined ? undefined : `is ${rule} in the repository's pr-reviewer config, and is never shown to the reviewer`;
  };
  return { mayShow: (path) => whyHidden(path) === undefined, whyHidden, redact: (text) => redactSecrets(text).text };
}
