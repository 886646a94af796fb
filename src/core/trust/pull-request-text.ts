import { redactSecrets } from "../secrets/redact-secrets.js";

/** Hidden from readers on GitHub, visible to a model: an HTML comment (closed or not: an open one hides the rest). */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** The markdown "comment" idiom: a link definition nothing links to, `[//]: # (text)` or `[comment]: <> (text)`. */
const DEFINITION_COMMENT = /^ {0,3}\[[^\]\n]*\]:[ \t]*(?:#|<>)(?:[ \t].*)?$/gm;
/** Zero-width characters, bidi controls and tag characters (invisible ASCII), which can hide or reorder text. */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u061c\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/gu;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text a pull request's author wrote (title, description, comments), made fit to show the model: what GitHub
 * hides from human readers (HTML comments, comment-style link definitions, invisible characters) is removed, so
 * the model reads what the reviewers read, and secrets are redacted. It goes into the untrusted fence after this.
 */
export function cleanPullRequestText(text: string): string {
  const visible = text.replace(/\r\n?/g, "\n").replace(HTML_COMMENT, "").replace(DEFINITION_COMMENT, "").replace(INVISIBLE, "").replace(CONTROL, "");
  return redactSecrets(visible).text;
}
