import { titleOf } from "../../core/findings/place-findings.js";
import type { Finding } from "../../core/findings/review-tool.js";
import type { Received } from "./interpret-answer.js";

function normalised(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim().slice(0, 160);
}

/** A finding sent again is the same place with the same title or the same explanation. */
function keysOf(finding: Finding): string[] {
  const place = `${finding.path.trim()}:${finding.line}`;
  return [`${place}:title:${normalised(titleOf(finding))}`, `${place}:body:${normalised(finding.body)}`];
}

export interface Merged {
  readonly received: Received;
  /** Usable findings the later answer added. */
  readonly added: number;
}

/**
 * What arrived over an answer and its continuation: the earlier findings, then the later ones not already
 * there (a model asked for "the rest" often repeats some). The later summary is taken only when the earlier
 * one was cut off. Earlier findings that could not be used stay counted unless the later answer came whole:
 * the continuation asked for them again, corrected, as the repair turn does.
 */
export function mergeReceived(earlier: Received, later: Received, laterWhole: boolean): Merged {
  const seen = new Set(earlier.findings.flatMap((f) => (f.ok ? keysOf(f.finding) : [])));
  const kept = laterWhole ? earlier.findings.filter((f) => f.ok) : earlier.findings;
  const added = later.findings.filter((f) => {
    if (!f.ok) return true;
    const keys = keysOf(f.finding);
    if (keys.some((key) => seen.has(key))) return false;
    for (const key of keys) seen.add(key);
    return true;
  });
  const laterSummary = later.summary.trim() !== "";
  const summary = earlier.summaryComplete || !laterSummary ? earlier.summary : later.summary;
  return {
    received: {
      summary,
      summaryComplete: earlier.summaryComplete || (laterSummary && later.summaryComplete),
      findings: [...kept, ...added],
    },
    added: added.filter((f) => f.ok).length,
  };
}
