import { redactSecrets } from "../secrets/redact-secrets.js";
import { secretFile } from "../secrets/secret-files.js";

/**
 * What of the repository may reach the model, in one place: every tool result, every section of cross-file
 * impact and every file shown for the second look goes through these two rules.
 */
export interface ShownTextRules {
  /** false for a file never shown to the model (credentials such as `.env`). */
  readonly mayShow: (path: string) => boolean;
  /** Masks secrets in a text before it is shown. */
  readonly redact: (text: string) => string;
}

export const SHOWN_TEXT_RULES: ShownTextRules = {
  mayShow: (path) => secretFile(path) === undefined,
  redact: (text) => redactSecrets(text).text,
};
