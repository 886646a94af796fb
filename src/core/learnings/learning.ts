import { z } from "zod";
import { pathMatcher } from "../diff/path-glob.js";
import { normaliseTitle, shortHash } from "../findings/fingerprint.js";
import { SEVERITIES, type Severity } from "../findings/review-tool.js";

/** How a reviewer told us: a 👍/👎 reaction, a thread resolved without a code change, or a thread where the app withdrew the finding. */
export const LEARNING_SOURCES = ["reaction", "resolved", "conceded"] as const;
export type LearningSource = (typeof LEARNING_SOURCES)[number];

/** `dismissed`: findings like this one are not wanted; `confirmed`: they are (a 👍 outweighing the 👎s). */
export const LEARNING_VERDICTS = ["dismissed", "confirmed"] as const;
export type LearningVerdict = (typeof LEARNING_VERDICTS)[number];

export const LEARNING_ID = /^[0-9a-f]{7}$/;

/** One thing reviewers taught the app about a repository; stored as JSON, so read back through this schema. */
export const LearningSchema = z.object({
  /** Derived from the title key and the path pattern: the same lesson learnt twice has the same id. */
  id: z.string().regex(LEARNING_ID),
  verdict: z.enum(LEARNING_VERDICTS),
  source: z.enum(LEARNING_SOURCES),
  /** The finding's title as it was posted. */
  title: z.string(),
  titleKey: z.string(),
  /** Which files the lesson applies to: the finding's folder and file type, e.g. `src/db/*.ts`. */
  pathPattern: z.string().min(1),
  /** Where the finding was. */
  path: z.string().min(1),
  severity: z.enum(SEVERITIES).optional(),
  /** The login of the person whose feedback this is. */
  by: z.string().min(1),
  pullNumber: z.int().positive(),
  /** The review comment that carried the finding. */
  commentId: z.int().positive().optional(),
  /** ISO 8601. */
  createdAt: z.string(),
});
export type Learning = z.output<typeof LearningSchema>;

/** Words that carry no meaning of their own in a finding's title. */
const STOP_WORDS = new Set([
  "a", "an", "the", "of", "on", "in", "at", "for", "to", "from", "by", "with", "and", "or", "is", "are", "be", "been",
  "may", "might", "can", "could", "this", "that", "these", "those", "it", "its", "here", "there", "when", "which",
]);

/**
 * A finding's title reduced to what it says: the normalised title (lower case, letters only, no line numbers)
 * without filler words, each word once, in alphabetical order. "Missing null check on entry" and "Entry: missing
 * null check" say the same thing; "Missing null check" and "Needless null check" do not.
 */
export function titleKey(title: string): string {
  const words = normaliseTitle(title).split(" ").filter((word) => word !== "");
  const meaningful = [...new Set(words.filter((word) => !STOP_WORDS.has(word)))].sort();
  return (meaningful.length > 0 ? meaningful : words).join(" ");
}

/** Folder names such as Next.js's `[id]` must match literally, not as glob classes. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}()!+@\\]/g, "\\$&");
}

/**
 * The files a lesson learnt on `path` applies to: the same folder and the same file type (`src/db/users.ts` →
 * `src/db/*.ts`); a file without an extension stands for itself.
 */
export function pathPatternFor(path: string): string {
  const slash = path.lastIndexOf("/");
  const folder = slash < 0 ? "" : path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot) : "";
  if (extension === "") return escapeGlob(path);
  return `${escapeGlob(folder)}*${escapeGlob(extension)}`;
}

/** Whether `path` is one of the files a lesson's pattern stands for; a pattern without a folder means the root folder. */
export function pathInPattern(pattern: string, path: string): boolean {
  if (!pattern.includes("/")) return !path.includes("/") && pathMatcher(pattern)(path);
  return pathMatcher(pattern)(path);
}

export function learningId(key: string, pathPattern: string): string {
  return shortHash(`${key}\u0000${pathPattern}`);
}

export interface FeedbackOnFinding {
  readonly title: string;
  readonly path: string;
  readonly severity?: Severity | undefined;
  readonly verdict: LearningVerdict;
  readonly source: LearningSource;
  readonly by: string;
  readonly pullNumber: number;
  readonly commentId?: number | undefined;
  /** ISO 8601. */
  readonly at: string;
}

export function learningFrom(feedback: FeedbackOnFinding): Learning {
  const key = titleKey(feedback.title);
  const pathPattern = pathPatternFor(feedback.path);
  return {
    id: learningId(key, pathPattern),
    verdict: feedback.verdict,
    source: feedback.source,
    title: feedback.title,
    titleKey: key,
    pathPattern,
    path: feedback.path,
    ...(feedback.severity === undefined ? {} : { severity: feedback.severity }),
    by: feedback.by,
    pullNumber: feedback.pullNumber,
    ...(feedback.commentId === undefined ? {} : { commentId: feedback.commentId }),
    createdAt: feedback.at,
  };
}
