import type { FakeGitHub } from "../../helpers/fake-github.js";
import { toolCallCompletion } from "../../helpers/fake-model.js";
import type { DeliveryResult } from "../../helpers/webhooks.js";
import { addCachePullRequest, OWNER, prPayload, REPO } from "./scenario.js";

/** A 40-hex head SHA per pull request and push. */
export function shaOf(pr: number, push: number): string {
  return pr.toString(16).padStart(8, "0") + push.toString(16).padStart(32, "0");
}

/** One finding on a diff line, so every review that completes posts a review GitHub records. */
export const ONE_FINDING = toolCallCompletion("submit_review", {
  summary: "One problem.",
  findings: [{ path: "src/cache.ts", line: 10, severity: "major", title: "Non-null assertion", body: "`get` can miss." }],
});

export interface SentDelivery {
  readonly event: "pull_request";
  readonly payload: unknown;
  readonly deliveryId: string;
}

export interface Burst {
  /** The newest head of each PR. */
  readonly newest: ReadonlyMap<number, string>;
  readonly sent: readonly SentDelivery[];
  readonly results: readonly DeliveryResult[];
}

type Deliver = (event: string, payload: unknown, deliveryId?: string) => Promise<DeliveryResult>;

/**
 * `prs` pull requests, each opened and then pushed to `pushes - 1` times, every push already on the fake
 * GitHub. The deliveries of one PR go out in order (as GitHub sends them), the PRs' all at once; `pickApp`
 * chooses which app instance takes each delivery (replicas behind a load balancer).
 */
export async function deliverBurst(github: FakeGitHub, pickApp: (index: number) => Deliver, prs: number, pushes: number): Promise<Burst> {
  const newest = new Map<number, string>();
  for (let pr = 1; pr <= prs; pr += 1) {
    addCachePullRequest(github, { number: pr, headSha: shaOf(pr, 0) });
    for (let push = 1; push < pushes; push += 1) github.pushToPullRequest({ owner: OWNER, repo: REPO, number: pr, headSha: shaOf(pr, push) });
    newest.set(pr, shaOf(pr, pushes - 1));
  }
  const sent: SentDelivery[] = [];
  const results: DeliveryResult[] = [];
  let index = 0;
  await Promise.all(
    Array.from({ length: prs }, async (_, i) => {
      const pr = i + 1;
      for (let push = 0; push < pushes; push += 1) {
        const payload = prPayload(push === 0 ? "opened" : "synchronize", { number: pr, headSha: shaOf(pr, push) });
        const result = await pickApp(index++)("pull_request", payload);
        sent.push({ event: "pull_request", payload, deliveryId: result.deliveryId });
        results.push(result);
      }
    }),
  );
  return { newest, sent, results };
}

/** For every PR: its reviews' commits, and its check runs' `sha:state` (oldest first). */
interface PrOutcome {
  readonly reviews: string[];
  readonly checkRuns: string[];
}

export function outcomesByPr(github: Pick<FakeGitHub, "reviews" | "checkRuns">): Map<number, PrOutcome> {
  const byPr = new Map<number, PrOutcome>();
  const entry = (pr: number): PrOutcome => {
    const existing = byPr.get(pr);
    if (existing) return existing;
    const created: PrOutcome = { reviews: [], checkRuns: [] };
    byPr.set(pr, created);
    return created;
  };
  for (const review of github.reviews) entry(review.pull_number).reviews.push(review.commit_id ?? "");
  for (const run of github.checkRuns) {
    const pr = Number(/^pr-(\d+)$/.exec(run.external_id ?? "")?.[1]);
    entry(pr).checkRuns.push(`${run.head_sha}:${run.status === "completed" ? (run.conclusion ?? "") : (run.status ?? "")}`);
  }
  return byPr;
}
