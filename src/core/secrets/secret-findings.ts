import { toFileDiff } from "../diff/file-diff.js";
import type { ChangedFile, FileDiff } from "../diff/types.js";
import type { Comparison } from "../incremental/review-scope.js";
import type { Finding } from "../findings/review-tool.js";
import type { FileContents } from "../ports.js";
import { redactPatch, type AddedLineSecret } from "./redact-patch.js";
import { redactSecrets } from "./redact-secrets.js";
import { secretFile } from "./secret-files.js";
import { labelOf } from "./secret-patterns.js";

export const SECRET_FINDING_TITLE = "Possible secret committed";

export interface SecretScan {
  /** The same files, each patch with its secrets redacted: what every later step (and the model) reads. */
  readonly files: readonly ChangedFile[];
  /** One finding per added line holding a secret, and one per committed file that is a secret as a whole. */
  readonly findings: readonly Finding[];
}

function listOf(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1) ?? ""}`;
}

const ADVICE =
  "pr-reviewer replaced it with `[REDACTED:<kind>]` before the review, so the model never saw it. Treat it as leaked: it is in this " +
  "branch's history now (and on GitHub), even if a later commit removes it. Revoke or rotate it, then load it from a secret " +
  "store or an environment variable instead of the code.";

/** The finding for a line: it names what the secret looks like and never shows any part of it. */
function lineFinding(path: string, secret: AddedLineSecret): Finding {
  const labels = secret.kinds.map(labelOf);
  return {
    path,
    line: secret.line,
    code: secret.text,
    severity: "critical",
    title: `${SECRET_FINDING_TITLE}: ${listOf(labels)}`,
    body: `This line appears to contain ${listOf(labels)} (${secret.kinds.map((k) => `\`${k}\``).join(", ")}). ${ADVICE}`,
  };
}

function fileFinding(path: string, line: number, reason: string): Finding {
  return {
    path,
    line,
    severity: "critical",
    title: `${SECRET_FINDING_TITLE}: a file that holds credentials`,
    body: `This file ${reason.replace(/: never sent to the model$/, "")}; such files are kept out of the repository. Its content was not sent to the model. ${ADVICE}`,
  };
}

/**
 * Redacts every changed file's patch before anything else reads it, and turns what was redacted on added lines
 * into findings of the engine's own, placed and deduplicated like the model's. A file of credentials (`.env`,
 * a key) that the pull request adds to gets a finding even when none of its lines has a known shape.
 */
export function scanForSecrets(files: readonly ChangedFile[]): SecretScan {
  const findings: Finding[] = [];
  const redacted = files.map((file): ChangedFile => {
    if (file.patch === undefined) return file;
    const result = redactPatch(file.patch);
    for (const secret of result.added) findings.push(lineFinding(file.path, secret));
    const whole = secretFile(file.path);
    if (whole?.alwaysSecret === true && result.added.length === 0 && result.firstAddedLine !== undefined && file.status !== "removed") {
      findings.push(fileFinding(file.path, result.firstAddedLine, whole.reason));
    }
    return { ...file, patch: result.patch };
  });
  return { files: redacted, findings };
}

/** File texts read for the model (surrounding code, guidance), redacted line by line. */
export function redactFileContents(contents: FileContents): FileContents {
  return { ...contents, texts: new Map([...contents.texts].map(([path, text]) => [path, redactSecrets(text).text])) };
}

/** A comparison of two commits (an incremental review's diff) with its patches redacted. */
export function redactComparison(comparison: Comparison | undefined): Comparison | undefined {
  return comparison === undefined ? undefined : { ...comparison, files: scanForSecrets(comparison.files).files };
}

/**
 * Every file of the pull request with a diff, by path, to anchor the engine's secret findings: unlike the
 * model's, they may sit on files the model never saw (ignored, over a limit, or files of credentials).
 */
export function secretAnchors(files: readonly ChangedFile[]): Map<string, FileDiff> {
  const anchors = new Map<string, FileDiff>();
  for (const file of files) {
    if (file.patch === undefined || file.status === "removed") continue;
    try {
      anchors.set(file.path, toFileDiff(file));
    } catch {
      // A patch that does not parse has no line to anchor to; its findings go to the review body.
    }
  }
  return anchors;
}
