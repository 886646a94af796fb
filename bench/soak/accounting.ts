import type { FakeGitHubState } from "../../test/helpers/fake-github.js";
import type { InjectedGitHubFault } from "./chaos-proxy.js";
import { FINDINGS_PER_ANSWER, type InjectedModelFault } from "./soak-model.js";

/** What one pull request should end with: a review of its newest head. */
export interface PlannedPullRequest {
  readonly number: number;
  readonly heads: readonly string[];
}

export type Outcome = "completed" | "lost";

export interface PullRequestTally {
  readonly number: number;
  readonly outcome: Outcome;
  /** A head of this PR reviewed more than once (two reviews, or two reviewed check runs, on one commit). */
  readonly duplicated: boolean;
  /** Reviewed, but fewer inline comments on the newest head than the model's answer carried findings. */
  readonly findingsMissing: boolean;
  /** How the newest head's last check run ended (`neutral: 2 findings (2 major)`), or why there is none. */
  readonly lastCheckRun: string;
  /** The fault the newest check run names as the reason the review failed, when it names one. */
  readonly cause?: string;
  readonly faults: ReadonlySet<string>;
}

export interface StuckCheckRun {
  readonly id: number;
  readonly pr: number | undefined;
  /** The faults injected into this check run's own updates (its completion among them). */
  readonly faults: readonly string[];
}

export interface Tally {
  readonly pullRequests: readonly PullRequestTally[];
  readonly inProgress: readonly StuckCheckRun[];
  /** Faults whose pull request the request does not tell (installation tokens, the config on the default branch). */
  readonly unattributed: ReadonlyMap<string, number>;
  readonly injected: ReadonlyMap<string, number>;
}

const REVIEWED = new Set(["success", "neutral"]);

/** Our head SHAs carry the PR number in their first 8 hex digits (test/e2e/support/burst.ts `shaOf`). */
function pullNumberOfSha(sha: string, known: ReadonlySet<string>): number | undefined {
  return known.has(sha) ? Number.parseInt(sha.slice(0, 8), 16) : undefined;
}

function pullNumberOfGitHubRequest(fault: InjectedGitHubFault, checkRunPulls: ReadonlyMap<number, number>, heads: ReadonlySet<string>): number | undefined {
  const direct = /\/(?:pulls|issues)\/(\d+)(?:\/|$|\?)/.exec(fault.path);
  if (direct?.[1] !== undefined) return Number(direct[1]);
  const run = /\/check-runs\/(\d+)/.exec(fault.path);
  if (run?.[1] !== undefined) return checkRunPulls.get(Number(run[1]));
  for (const sha of `${fault.path} ${fault.body}`.match(/[0-9a-f]{40}/g) ?? []) {
    const number = pullNumberOfSha(sha, heads);
    if (number !== undefined) return number;
  }
  const graphql = /"number":(\d+)/.exec(fault.body);
  return graphql?.[1] === undefined ? undefined : Number(graphql[1]);
}

/**
 * Which injected fault a failed review's check run names: the model adapter's and GitHub's own messages, the
 * model's first (a model 500 also says "HTTP 500").
 */
const CAUSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/the model endpoint answered 429/, "model 429"],
  [/the model endpoint failed \(HTTP 5\d\d\)/, "model 500"],
  [/did not answer within|time limit|timed out/i, "model hang"],
  [/review schema|repair turn|not JSON|incomplete|cut off/i, "model cut-off answer"],
  [/secondary rate limit/i, "github secondary rate limit"],
  [/API rate limit exceeded/i, "github primary rate limit"],
  [/Internal Server Error|Bad Gateway|Service Unavailable/, "github 5xx"],
];

export function causeOf(summary: string): string | undefined {
  return CAUSES.find(([pattern]) => pattern.test(summary))?.[1];
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function describeRun(run: FakeGitHubState["checkRuns"][number]): string {
  const state = run.status === "completed" ? (run.conclusion ?? "") : (run.status ?? "");
  // A job that failed around the review names the step (`looking up earlier reviews of this commit failed: …`).
  const step = /could not be completed: ([a-z' ]+ failed):/.exec(run.output.summary ?? "")?.[1];
  return `${state}: ${run.output.title ?? ""}${step === undefined ? "" : ` (${step})`}`;
}

/** Reads what GitHub ended up with, and which injected faults touched each pull request. */
export function tally(
  github: Pick<FakeGitHubState, "reviews" | "reviewComments" | "checkRuns">,
  planned: readonly PlannedPullRequest[],
  githubFaults: readonly InjectedGitHubFault[],
  modelFaults: readonly InjectedModelFault[],
): Tally {
  const { reviews, reviewComments, checkRuns } = github;
  const heads = new Set(planned.flatMap((pr) => pr.heads));
  const checkRunPulls = new Map<number, number>();
  for (const run of checkRuns) {
    const number = /^pr-(\d+)/.exec(run.external_id ?? "")?.[1];
    if (number !== undefined) checkRunPulls.set(run.id, Number(number));
  }
  const faultsByPull = new Map<number, Set<string>>();
  const unattributed = new Map<string, number>();
  const injected = new Map<string, number>();
  const attribute = (pull: number | undefined, fault: string): void => {
    count(injected, fault);
    if (pull === undefined) {
      count(unattributed, fault);
      return;
    }
    const set = faultsByPull.get(pull) ?? new Set<string>();
    set.add(fault);
    faultsByPull.set(pull, set);
  };
  for (const fault of githubFaults) attribute(pullNumberOfGitHubRequest(fault, checkRunPulls, heads), fault.fault);
  for (const fault of modelFaults) attribute(fault.pr, fault.fault);

  const pullRequests = planned.map((pr): PullRequestTally => {
    const newest = pr.heads.at(-1) ?? "";
    const ours = checkRuns.filter((run) => checkRunPulls.get(run.id) === pr.number);
    const reviewedRuns = ours.filter((run) => run.external_id === `pr-${pr.number}` && run.status === "completed" && REVIEWED.has(run.conclusion ?? ""));
    const prReviews = reviews.filter((review) => review.pull_number === pr.number);
    const perHead = (items: ReadonlyArray<{ readonly sha: string }>): number => Math.max(0, ...pr.heads.map((head) => items.filter((item) => item.sha === head).length));
    const duplicated = perHead(prReviews.map((r) => ({ sha: r.commit_id ?? "" }))) > 1 || perHead(reviewedRuns.map((r) => ({ sha: r.head_sha }))) > 1;
    const completed = reviewedRuns.some((run) => run.head_sha === newest);
    const comments = reviewComments.filter((comment) => comment.pull_number === pr.number && comment.commit_id === newest).length;
    const last = ours.filter((run) => run.head_sha === newest).reduce<(typeof ours)[number] | undefined>((latest, run) => (latest === undefined || run.id > latest.id ? run : latest), undefined);
    const cause = completed || last === undefined ? undefined : causeOf(last.output.summary ?? "");
    return {
      number: pr.number,
      outcome: completed ? "completed" : "lost",
      ...(cause === undefined ? {} : { cause }),
      duplicated,
      findingsMissing: completed && comments < FINDINGS_PER_ANSWER,
      lastCheckRun: last === undefined ? "no check run" : describeRun(last),
      faults: faultsByPull.get(pr.number) ?? new Set(),
    };
  });
  const inProgress = checkRuns
    .filter((run) => run.status !== "completed")
    .map((run) => ({
      id: run.id,
      pr: checkRunPulls.get(run.id),
      faults: githubFaults.filter((fault) => new RegExp(`/check-runs/${run.id}(?:$|[/?])`).test(fault.path)).map((fault) => fault.fault),
    }));
  return { pullRequests, inProgress, unattributed, injected };
}
