import { SEVERITIES, type Severity } from "../findings/review-tool.js";
import { fingerprintInBody, SEVERITY_BADGE } from "../publish/render-comment.js";
import type { LearningVerdict } from "./learning.js";

/** A finding as our review comment shows it. */
export interface PostedFinding {
  readonly fingerprint: string;
  readonly severity?: Severity;
  readonly title: string;
}

/**
 * The finding an inline comment of ours carries: its fingerprint marker, its severity badge and its title (the
 * first line). Undefined for any other comment, e.g. our answers in a thread. The caller has made sure the
 * comment is ours (by author): a marker alone proves nothing.
 */
export function findingOfComment(body: string): PostedFinding | undefined {
  const fingerprint = fingerprintInBody(body);
  if (fingerprint === undefined) return undefined;
  const firstLine = (body.split("\n", 1)[0] ?? "").trim();
  const severity = SEVERITIES.find((s) => firstLine.startsWith(SEVERITY_BADGE[s]));
  const title = (severity === undefined ? firstLine : firstLine.slice(SEVERITY_BADGE[severity].length)).replace(/\u200b/g, "").trim();
  return { fingerprint, title, ...(severity === undefined ? {} : { severity }) };
}

export interface Reaction {
  readonly login: string;
  readonly content: string;
}

/**
 * What the reactions of the people who may teach the app say about a finding: more 👎 than 👍 dismisses it, more
 * 👍 than 👎 confirms it, a tie or no vote says nothing. Each person counts once per kind.
 */
export function verdictOfReactions(reactions: readonly Reaction[]): LearningVerdict | undefined {
  const down = new Set(reactions.filter((r) => r.content === "-1").map((r) => r.login));
  const up = new Set(reactions.filter((r) => r.content === "+1").map((r) => r.login));
  if (down.size > up.size) return "dismissed";
  if (up.size > down.size) return "confirmed";
  return undefined;
}
