import type { InlineComment, UnplacedFinding } from "../../../src/core/findings/place-findings.js";
import type { Severity } from "../../../src/core/findings/review-tool.js";
import type { CheckedFinding } from "../../../src/core/verify/verification-prompt.js";

export interface PlacedSpec {
  readonly path?: string;
  readonly line: number;
  readonly startLine?: number;
  readonly severity?: Severity;
  readonly title: string;
  readonly body?: string;
  readonly evidence?: string;
}

/** A finding placed inline on the right side, as placement makes them; its fingerprint names its place. */
export function placed(spec: PlacedSpec): InlineComment {
  const path = spec.path ?? "src/cache.ts";
  return {
    path,
    side: "RIGHT",
    line: spec.line,
    ...(spec.startLine === undefined ? {} : { startLine: spec.startLine }),
    finding: {
      path,
      line: spec.line,
      severity: spec.severity ?? "major",
      title: spec.title,
      body: spec.body ?? `${spec.title}, explained.`,
      ...(spec.evidence === undefined ? {} : { evidence: spec.evidence }),
    },
    fingerprint: `fp-${path}-${spec.line}`,
    committableSuggestion: false,
  };
}

/** A finding off the diff, for the review body. */
export function unplaced(spec: PlacedSpec): UnplacedFinding {
  const inline = placed(spec);
  return { path: inline.path, side: "RIGHT", line: inline.line, finding: inline.finding, fingerprint: inline.fingerprint, reason: "not on a line of the diff" };
}

export function checked(...specs: PlacedSpec[]): CheckedFinding[] {
  return specs.map((spec, index) => ({ id: `F${index + 1}`, placed: placed(spec) }));
}
