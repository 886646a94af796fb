import pMap from "p-map";
import type { ChangedFile, FileStatus } from "../../core/diff/types.js";
import { describeError } from "../../core/errors.js";
import type { FileContents, FileRevision, PullRequestHost, ReviewToPost, UnreadableFile } from "../../core/ports.js";
import { ANNOTATIONS_PER_REQUEST, pagesOf, type CheckAnnotation } from "../../core/publish/annotations.js";
import { RERUN_ACTION } from "../../core/publish/check-run-output.js";
import { externalIdFor } from "./check-run-external-id.js";
import { toGitHubComment } from "./comment-anchor.js";
import type { GitHubClient, PullRequestTarget } from "./github-client.js";
import { asAnchorRejection, createPublishingMethods } from "./publishing.js";


const FILE_STATUSES: ReadonlySet<string> = new Set<FileStatus>([
  "added", "removed", "modified", "renamed", "copied", "changed", "unchanged",
]);

function isFileStatus(status: string): status is FileStatus {
  return FILE_STATUSES.has(status);
}

function toFileStatus(status: string): FileStatus {
  return isFileStatus(status) ? status : "modified";
}

/** Files read for context are at most this large: a bigger one costs more budget than its context is worth. */
export const MAX_READ_FILE_BYTES = 1_048_576;
/** Well under GitHub's 100 concurrent requests per token, so reviews running side by side stay within it. */
const READ_CONCURRENCY = 8;

/** Octokit's RequestError carries the HTTP status; probot may bundle its own copy of the class, so read the field. */
function httpStatusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
}

type ReadResult = { readonly path: string; readonly text: string } | UnreadableFile;

async function readOne(octokit: GitHubClient, repo: { owner: string; repo: string }, path: string, ref: string | undefined): Promise<ReadResult> {
  try {
    // The raw media type answers with the file itself (up to 100 MB) instead of base64 JSON (up to 1 MB).
    const response = await octokit.rest.repos.getContent({ ...repo, path, ...(ref === undefined ? {} : { ref }), mediaType: { format: "raw" } });
    const data: unknown = response.data;
    // Octokit hands over text for a text/charset answer and an ArrayBuffer otherwise; a folder comes as a JSON list.
    if (typeof data !== "string") return { path, reason: Array.isArray(data) ? "a directory" : "binary", missing: false };
    if (data.length > MAX_READ_FILE_BYTES) return { path, reason: `larger than ${MAX_READ_FILE_BYTES} bytes`, missing: false };
    if (data.includes("\u0000")) return { path, reason: "binary", missing: false };
    return { path, text: data };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404) return { path, reason: "not found", missing: true };
    return { path, reason: status === undefined ? describeError(error) : `HTTP ${status}: ${describeError(error)}`, missing: false };
  }
}

/** The pull request under review, over GitHub's REST API; every call stays inside this one repository and PR. */
export function createPullRequestHost(octokit: GitHubClient, target: PullRequestTarget): PullRequestHost {
  const repo = { owner: target.owner, repo: target.repo };
  return {
    async listFiles(): Promise<ChangedFile[]> {
      // GitHub serves at most 3,000 files, 100 per page.
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: target.pullNumber, per_page: 100 });
      return files.map((file) => ({
        path: file.filename,
        ...(file.previous_filename !== undefined ? { previousPath: file.previous_filename } : {}),
        status: toFileStatus(file.status),
        ...(file.patch !== undefined ? { patch: file.patch } : {}),
        additions: file.additions,
        deletions: file.deletions,
      }));
    },

    async startCheckRun(): Promise<number> {
      const { data } = await octokit.rest.checks.create({
        ...repo,
        name: target.checkRunName,
        head_sha: target.headSha,
        status: "in_progress",
        started_at: new Date().toISOString(),
        // Fork PRs leave the check run's pull_requests empty; the PR number travels here instead.
        external_id: externalIdFor(target.pullNumber),
        output: { title: "Review in progress", summary: `Reviewing the changes of #${target.pullNumber} at \`${target.headSha.slice(0, 7)}\`.` },
      });
      return data.id;
    },

    async completeCheckRun(checkRunId, output): Promise<void> {
      // GitHub takes 50 annotations per request and appends each request's: all but the last page go first,
      // so the run completes with every annotation in place.
      const pages = pagesOf(output.annotations ?? [], ANNOTATIONS_PER_REQUEST);
      const text = { title: output.title, summary: output.summary };
      for (const page of pages.slice(0, -1)) {
        await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...text, annotations: page.map(toGitHubAnnotation) } });
      }
      const last = pages.at(-1);
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: checkRunId,
        status: "completed",
        conclusion: output.conclusion,
        completed_at: new Date().toISOString(),
        output: { ...text, ...(last === undefined ? {} : { annotations: last.map(toGitHubAnnotation) }) },
        actions: [RERUN_ACTION],
      });
    },

    async readFiles(paths: readonly string[], revision: FileRevision): Promise<FileContents> {
      // Without a ref GitHub reads the default branch; the head SHA pins what was reviewed, even for a fork's PR.
      const ref = revision === "head" ? target.headSha : undefined;
      const results = await pMap(paths, (path) => readOne(octokit, repo, path, ref), { concurrency: READ_CONCURRENCY });
      const texts = new Map<string, string>();
      const unreadable: UnreadableFile[] = [];
      for (const result of results) {
        if ("text" in result) texts.set(result.path, result.text);
        else unreadable.push(result);
      }
      return { texts, unreadable };
    },

    async postReview(review: ReviewToPost): Promise<void> {
      try {
        await octokit.rest.pulls.createReview({
          ...repo,
          pull_number: target.pullNumber,
          commit_id: review.commitId,
          event: "COMMENT",
          body: review.body,
          comments: review.comments.map(toGitHubComment),
        });
      } catch (error) {
        throw asAnchorRejection(error);
      }
    },

    ...createPublishingMethods(octokit, target, toFileStatus),
  };
}

function toGitHubAnnotation(annotation: CheckAnnotation): {
  path: string; start_line: number; end_line: number; annotation_level: CheckAnnotation["level"]; title: string; message: string;
} {
  return {
    path: annotation.path,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    annotation_level: annotation.level,
    title: annotation.title,
    message: annotation.message,
  };
}
