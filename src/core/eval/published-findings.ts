import { RepoConfigSchema, type RepoConfig } from "../config/repo-config.js";
import { titleOf } from "../findings/place-findings.js";
import { isInlineComment, type PlacedFinding, type Selection } from "../findings/select-findings.js";
import type { EvalCase, EvalFinding } from "./types.js";

function toEvalFinding(placed: PlacedFinding): EvalFinding {
  const startLine = isInlineComment(placed) ? placed.startLine : undefined;
  return {
    path: placed.path,
    line: placed.line,
    ...(startLine === undefined ? {} : { start_line: startLine }),
    severity: placed.finding.severity,
    title: titleOf(placed.finding),
    body: placed.finding.body,
    ...(placed.side === "LEFT" ? { side: "LEFT" as const } : {}),
  };
}

/**
 * The findings of a review that the App would publish, as the scorer takes them: the inline comments, the
 * findings in the review body (on a reviewed file, off its diff), and those `max_comments` moved to the
 * summary. Left out: findings below the severity or confidence threshold (not published as findings) and
 * repeats of earlier reviews (none in an evaluation). Lines are where the App anchors them.
 */
export function publishedFindings(selection: Selection): EvalFinding[] {
  return [
    ...selection.comments.map(toEvalFinding),
    ...selection.inBody.map(toEvalFinding),
    ...selection.summaryOnly.filter((item) => item.reason === "over the comment limit").map((item) => toEvalFinding(item.placed)),
  ];
}

/** The repo config a case is reviewed with: the defaults, with the case's `instructions`. */
export function caseRepoConfig(evalCase: EvalCase): RepoConfig {
  return RepoConfigSchema.parse({ instructions: evalCase.instructions ?? "" });
}

/** The pull request's title and body: the first line of the case's description and the rest (the id when there is none). */
export function casePullRequestText(evalCase: EvalCase): { title: string; body: string } {
  const description = (evalCase.description ?? "").trim();
  if (description === "") return { title: evalCase.id, body: "" };
  const newline = description.indexOf("\n");
  return newline < 0
    ? { title: description, body: "" }
    : { title: description.slice(0, newline).trim(), body: description.slice(newline + 1).trim() };
}
