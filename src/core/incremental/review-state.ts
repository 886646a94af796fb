import { z } from "zod";
import { MIN_PERMISSIONS } from "../conversation/access.js";
import { SEVERITIES } from "../findings/review-tool.js";

const STATE_PREFIX = "<!-- pr-reviewer:state=";
const STATE_SUFFIX = " -->";

/** The most findings the state keeps (the most severe first); beyond that the summary comment grows too long. */
export const MAX_TRACKED_FINDINGS = 200;
const MAX_TITLE = 80;

const TrackedFindingSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{14}$/),
  severity: z.enum(SEVERITIES),
  path: z.string().min(1),
  side: z.enum(["LEFT", "RIGHT"]),
  line: z.int().positive(),
  startLine: z.int().positive().optional(),
  title: z.string().max(MAX_TITLE),
});

/** A finding still open on the pull request, located in the head it was last seen at. */
export type TrackedFinding = z.output<typeof TrackedFindingSchema>;

const PausedSchema = z.object({
  /** The login of the person who paused automatic reviews. */
  by: z.string().min(1).max(100),
  /** ISO 8601. */
  at: z.string().max(40),
});

/** Automatic reviews of the pull request are paused (`/pause`) until `/resume`. */
export type PausedState = z.output<typeof PausedSchema>;

/** How a maintainer asks for a review that was not made automatically: `/review` (the App), or re-running the workflow job (the Action). */
export const REVIEW_REQUESTS = ["command", "rerun-job"] as const;
export type ReviewRequestWay = (typeof REVIEW_REQUESTS)[number];

const NotAutomaticSchema = z.discriminatedUnion("reason", [
  z.object({ reason: z.literal("fork"), ask: z.enum(REVIEW_REQUESTS) }),
  z.object({
    reason: z.literal("author-permission"),
    /** The pull request's author, who is not known to hold `required`. */
    author: z.string().min(1).max(100),
    required: z.enum(MIN_PERMISSIONS),
    ask: z.enum(REVIEW_REQUESTS),
  }),
]);

/**
 * The repository's `automatic_reviews` keeps pushes to this pull request from being reviewed automatically: it
 * comes from a fork, or its author lacks the permission asked for. Kept so the summary says so once, not per push.
 */
export type NotAutomaticState = z.output<typeof NotAutomaticSchema>;

const ReviewStateSchema = z.object({
  version: z.literal(1),
  /** The head SHA the last review covered; the next push is compared with it. None before the first review. */
  headSha: z.string().regex(/^[0-9a-f]{7,64}$/).optional(),
  findings: z.array(TrackedFindingSchema),
  paused: PausedSchema.optional(),
  notAutomatic: NotAutomaticSchema.optional(),
});

export type ReviewState = z.output<typeof ReviewStateSchema>;

export function trackedTitle(title: string): string {
  return title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1)}…`;
}

/**
 * The state as a hidden HTML comment. JSON can carry `-->` or `<!--` inside a title; escaping `<`, `>` and `-`
 * as \u00XX keeps the comment closed where it should be (outside strings the JSON has no such characters:
 * every number in it is positive).
 */
export function encodeState(state: ReviewState): string {
  const bounded: ReviewState = { ...state, findings: state.findings.slice(0, MAX_TRACKED_FINDINGS) };
  const json = JSON.stringify(bounded).replace(/[<>&-]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${STATE_PREFIX}${json}${STATE_SUFFIX}`;
}

/** The body without its (last) state marker, for rewriting the state of a summary comment in place. */
export function withoutState(body: string): string {
  const start = body.lastIndexOf(STATE_PREFIX);
  return start < 0 ? body : body.slice(0, start).trimEnd();
}

/**
 * Reads the state from the summary comment's body: the last state marker wins. A marker that does not parse
 * or match the schema counts as no state (the next review is then a full one), never as an error.
 */
export function decodeState(body: string): ReviewState | undefined {
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end < 0) return undefined;
  try {
    const parsed = ReviewStateSchema.safeParse(JSON.parse(body.slice(start + STATE_PREFIX.length, end)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
