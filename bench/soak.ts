/**
 * `npm run soak`: hundreds of signed deliveries over many pull requests against the running app (its own
 * process, as deployed), with GitHub and the model misbehaving at random: GitHub answers a share of requests
 * with a 5xx, a spent hourly quota, a secondary rate limit, or slowly; the model with a 429, a 500, a
 * `submit_review` call cut off mid-JSON, or no answer at all. Then it counts what GitHub ended up with: every
 * pull request's newest head must be reviewed exactly once, no check run may be left in progress, and the
 * app's memory must stay flat.
 *
 * The randomness is seeded (`--seed`, printed at the start): the schedule of pushes and redeliveries, and which
 * requests get which fault (decided by each request's route and its count, not by arrival order), replay with
 * the same seed. A benchmark, not a test: it prints figures and never fails a build.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { startFakeModel } from "../test/helpers/fake-model.js";
import { testKeyPair } from "../test/helpers/keys.js";
import { deliverWebhook } from "../test/helpers/webhooks.js";
import { caseSeed, mulberry32 } from "../test/core/diff/support/prng.js";
import { shaOf } from "../test/e2e/support/burst.js";
import { addCachePullRequest, OWNER, prPayload, REPO } from "../test/e2e/support/scenario.js";
import { tally, type PlannedPullRequest, type Tally } from "./soak/accounting.js";
import { GITHUB_FAULTS, startChaosProxy } from "./soak/chaos-proxy.js";
import { MODEL_FAULTS, soakModel } from "./soak/soak-model.js";
import { startAppProcess } from "./support/start-app-process.js";

const { values: args } = parseArgs({
  options: {
    seed: { type: "string" },
    rounds: { type: "string", default: "2" },
    prs: { type: "string", default: "60" },
    pushes: { type: "string", default: "4" },
    "github-fault-rate": { type: "string", default: "0.05" },
    "model-fault-rate": { type: "string", default: "0.15" },
    "spread-seconds": { type: "string", default: "60" },
    log: { type: "string" },
    dump: { type: "string" },
    // Probot's own throttling and retries, as `npm start` runs: GitHub writes are spaced a second apart, so
    // keep the run small (e.g. --rounds 1 --prs 30).
    "github-throttling": { type: "boolean", default: false },
  },
});
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(args.seed);
const ROUNDS = Number(args.rounds);
const PRS = Number(args.prs);
const PUSHES = Number(args.pushes);
const GITHUB_FAULT_RATE = Number(args["github-fault-rate"]);
const MODEL_FAULT_RATE = Number(args["model-fault-rate"]);
const SPREAD_MS = Number(args["spread-seconds"]) * 1000;
const SECRET = "soak-webhook-secret";
const DRAIN_TIMEOUT_MS = 5 * 60_000;

/** One signed delivery at a moment of the run: a push (opened / synchronize), a redelivery, or a `reopened`. */
interface Delivery {
  readonly at: number;
  readonly pr: number;
  readonly push: number;
  readonly action: "opened" | "synchronize" | "reopened";
  readonly deliveryId: string;
  /** Registers the push on GitHub before its webhook goes out, as GitHub does. */
  readonly pushes: boolean;
}

/**
 * One round's PRs (numbered after the earlier rounds'): each opens somewhere in the spread and is pushed to every
 * 0.3–6 s; some deliveries come twice, some PRs are reopened after their last push.
 */
function schedule(round: number): { planned: PlannedPullRequest[]; deliveries: Delivery[] } {
  const random = mulberry32(caseSeed(seed, round));
  const planned: PlannedPullRequest[] = [];
  const deliveries: Delivery[] = [];
  for (let pr = (round - 1) * PRS + 1; pr <= round * PRS; pr += 1) {
    let at = random.int(0, Math.floor(SPREAD_MS * 0.7));
    const heads: string[] = [];
    for (let push = 0; push < PUSHES; push += 1) {
      heads.push(shaOf(pr, push));
      const delivery: Delivery = { at, pr, push, action: push === 0 ? "opened" : "synchronize", deliveryId: `soak-${seed}-${pr}-${push}`, pushes: true };
      deliveries.push(delivery);
      if (random.chance(0.12)) deliveries.push({ ...delivery, at: at + random.int(100, 8000), pushes: false });
      at += random.int(300, 6000);
    }
    if (random.chance(0.1)) deliveries.push({ at: at + random.int(0, 5000), pr, push: PUSHES - 1, action: "reopened", deliveryId: `soak-${seed}-${pr}-reopened`, pushes: false });
    planned.push({ number: pr, heads });
  }
  deliveries.sort((a, b) => a.at - b.at);
  return { planned, deliveries };
}

interface Sample {
  readonly at: number;
  readonly delivered: number;
  readonly rss: number;
  readonly heap: number;
  readonly waiting: number;
  readonly running: number;
}

function metric(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

interface Rounds {
  readonly delivered: number;
  readonly refusedDeliveries: number;
  readonly drained: boolean;
  /** Memory after each round drained and a full garbage collection. */
  readonly settled: readonly Sample[];
}

async function main(): Promise<void> {
  console.log(`soak seed ${seed} (replay: npm run soak -- --seed ${seed})`);
  console.log(
    `${ROUNDS} rounds of ${PRS} PRs × ${PUSHES} pushes over ~${SPREAD_MS / 1000} s each; GitHub faults on ${GITHUB_FAULT_RATE * 100}% of requests, ` +
      `model faults on ${MODEL_FAULT_RATE * 100}% of calls; Probot's GitHub throttling and retries ${args["github-throttling"] ? "on" : "off"}`,
  );
  const github = await startFakeGitHub();
  github.addRepository({ owner: OWNER, repo: REPO });
  const proxy = await startChaosProxy({ seed, rate: GITHUB_FAULT_RATE, target: github.origin });
  const behaviour = soakModel(seed, MODEL_FAULT_RATE);
  const model = await startFakeModel(behaviour.respond);
  const app = await startAppProcess({
    APP_ID: String(github.appId),
    PRIVATE_KEY: testKeyPair().privateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: proxy.host,
    GHE_PROTOCOL: "http",
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: "sk-soak",
    HOST: "127.0.0.1",
    PORT: "0",
    // Short enough that a hung call is given up on and retried within the run; a real endpoint gets minutes.
    MODEL_TIMEOUT_MS: "3000",
    MODEL_MAX_RETRIES: "2",
    REVIEW_TIMEOUT_MS: "60000",
    GITHUB_RETRY_BASE_MS: "200",
    GITHUB_RETRY_MAX_WAIT_MS: "10000",
    ...(args.log === undefined ? {} : { BENCH_LOG_FILE: args.log }),
    ...(args["github-throttling"] ? { BENCH_GITHUB_THROTTLING: "true" } : {}),
  });
  const base = `http://127.0.0.1:${app.port}`;
  const samples: Sample[] = [];
  let delivered = 0;
  let refusedDeliveries = 0;
  const started = performance.now();
  const sample = async (): Promise<Sample> => {
    const text = await (await fetch(`${base}/metrics`, { headers: { connection: "close" } })).text();
    return {
      at: performance.now() - started,
      delivered,
      rss: metric(text, "process_resident_memory_bytes"),
      heap: metric(text, "nodejs_heap_size_used_bytes"),
      waiting: metric(text, "pr_reviewer_queue_depth"),
      running: metric(text, "pr_reviewer_reviews_running"),
    };
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sample().then((taken) => samples.push(taken), (error: unknown) => console.error(`metrics not read: ${String(error)}`));
      await sleep(1000);
    }
  })();

  const planned: PlannedPullRequest[] = [];
  const settled: Sample[] = [];
  let drained = true;
  let result: Tally | undefined;
  try {
    const url = `${base}/api/github/webhooks`;
    const send = async (delivery: Delivery, roundStart: number): Promise<void> => {
      await sleep(Math.max(0, roundStart + delivery.at - performance.now()));
      const headSha = shaOf(delivery.pr, delivery.push);
      const title = `Soak PR ${delivery.pr}`;
      if (delivery.pushes && delivery.push === 0) addCachePullRequest(github, { number: delivery.pr, headSha, title });
      else if (delivery.pushes) github.pushToPullRequest({ owner: OWNER, repo: REPO, number: delivery.pr, headSha });
      const payload = prPayload(delivery.action, { number: delivery.pr, headSha, title });
      const answer = await deliverWebhook({ url, secret: SECRET, event: "pull_request", payload, deliveryId: delivery.deliveryId });
      delivered += 1;
      if (answer.status !== 200) refusedDeliveries += 1;
    };
    for (let round = 1; round <= ROUNDS; round += 1) {
      const plan = schedule(round);
      planned.push(...plan.planned);
      const roundStart = performance.now();
      const perPr = new Map<number, Delivery[]>();
      for (const delivery of plan.deliveries) perPr.set(delivery.pr, [...(perPr.get(delivery.pr) ?? []), delivery]);
      // A PR's own deliveries go out in order (GitHub sends a PR's events in order); PRs run side by side.
      await Promise.all([...perPr.values()].map(async (list) => {
        for (const delivery of list) await send(delivery, roundStart);
      }));
      console.log(`round ${round}: ${plan.deliveries.length} deliveries sent in ${((performance.now() - roundStart) / 1000).toFixed(0)} s; waiting for the queue to drain`);
      drained = (await drain(sample)) && drained;
      await app.collectGarbage();
      await sleep(1500);
      settled.push(await sample());
    }
    result = tally(github, planned, proxy.injected, behaviour.injected);
    if (args.dump !== undefined) {
      const state = { reviews: github.reviews, reviewComments: github.reviewComments, checkRuns: github.checkRuns, githubFaults: proxy.injected, modelFaults: behaviour.injected };
      writeFileSync(args.dump, JSON.stringify(state, null, 1));
    }
  } finally {
    sampling = false;
    await sampler;
    await app.stop();
    await model.close();
    await proxy.close();
    await github.close();
  }
  report(result, samples, { delivered, refusedDeliveries, drained, settled }, { seconds: (performance.now() - started) / 1000, githubRequests: proxy.requests });
}

/** Waits until no review is waiting or running for three readings a second apart; false after DRAIN_TIMEOUT_MS. */
async function drain(sample: () => Promise<Sample>): Promise<boolean> {
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  let quiet = 0;
  while (performance.now() < deadline) {
    await sleep(1000);
    const taken = await sample();
    quiet = taken.waiting === 0 && taken.running === 0 ? quiet + 1 : 0;
    if (quiet >= 3) return true;
  }
  return false;
}

function report(result: Tally, samples: readonly Sample[], run: Rounds, totals: { readonly seconds: number; readonly githubRequests: number }): void {
  const prs = result.pullRequests;
  const completed = prs.filter((pr) => pr.outcome === "completed").length;
  const lost = prs.filter((pr) => pr.outcome === "lost");
  const duplicated = prs.filter((pr) => pr.duplicated);
  const missing = prs.filter((pr) => pr.findingsMissing);
  const rss = samples.map((s) => s.rss).filter((n) => Number.isFinite(n));
  const final = run.settled.at(-1);

  console.log(`\nSoak (seed ${seed}): ${totals.seconds.toFixed(0)} s, ${totals.githubRequests} GitHub requests${run.drained ? "" : " — the queue did NOT drain within 5 minutes"}\n`);
  console.log("| deliveries | reviews expected | completed | duplicated | lost | findings missing | check runs in progress | peak RSS MB | final RSS MB |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  console.log(
    `| ${run.delivered}${run.refusedDeliveries > 0 ? ` (${run.refusedDeliveries} refused)` : ""} | ${prs.length} | ${completed} | ${duplicated.length} | ${lost.length} | ${missing.length} | ${result.inProgress.length} | ` +
      `${mb(Math.max(...rss))} | ${final === undefined ? "?" : mb(final.rss)} |`,
  );
  console.log("\nMemory of the app process (MB), RSS / heap used, after each round drained and a full GC:");
  console.log(`  ${run.settled.map((taken, index) => `round ${index + 1}: ${fmt(taken)}`).join("   ")}   (peak RSS ${mb(Math.max(...rss))})`);

  console.log("\nFaults injected; the reviews lost to each (the fault the lost review's check run names); the PRs each touched:");
  console.log("| fault | injected | reviews lost to it | check runs left in progress after it hit their update | PRs touched | of them duplicated | of them with findings missing |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const fault of [...GITHUB_FAULTS, ...MODEL_FAULTS]) {
    const touched = prs.filter((pr) => pr.faults.has(fault));
    const onNoPr = result.unattributed.get(fault) ?? 0;
    console.log(
      `| ${fault} | ${result.injected.get(fault) ?? 0}${onNoPr > 0 ? ` (${onNoPr} on no PR's requests)` : ""} | ${lost.filter((pr) => pr.cause === fault).length} | ` +
        `${result.inProgress.filter((run) => run.faults.includes(fault)).length} | ${touched.length} | ` +
        `${touched.filter((pr) => pr.duplicated).length} | ${touched.filter((pr) => pr.findingsMissing).length} |`,
    );
  }
  const unexplained = lost.filter((pr) => pr.cause === undefined).length;
  const stuckUnexplained = result.inProgress.filter((run) => run.faults.length === 0).length;
  if (unexplained > 0 || stuckUnexplained > 0) console.log(`| (no injected fault named / on its updates) | | ${unexplained} | ${stuckUnexplained} | | | |`);
  for (const run of result.inProgress) {
    console.log(`  check run ${run.id} (PR #${run.pr ?? "?"}) left in progress; faults on its updates: ${run.faults.join(", ") || "none"}`);
  }

  const byEnding = new Map<string, number>();
  for (const pr of lost) byEnding.set(pr.lastCheckRun, (byEnding.get(pr.lastCheckRun) ?? 0) + 1);
  if (byEnding.size > 0) {
    console.log("\nHow the lost reviews' newest check runs ended:");
    for (const [ending, count] of [...byEnding].sort((a, b) => b[1] - a[1])) console.log(`  ${count} × ${ending}`);
  }
  const detail = [...lost, ...duplicated, ...missing].slice(0, 25);
  if (detail.length > 0) {
    console.log("\nPull requests that missed the target (first 25):");
    for (const pr of detail) {
      const what = [pr.outcome === "lost" ? "lost" : "", pr.duplicated ? "duplicated" : "", pr.findingsMissing ? "findings missing" : ""].filter(Boolean).join(", ");
      console.log(`  #${pr.number}: ${what}${pr.cause === undefined ? "" : ` (${pr.cause})`}; newest check run ${pr.lastCheckRun}; faults on its requests: ${[...pr.faults].join(", ") || "none"}`);
    }
  }
  const ok = lost.length === 0 && duplicated.length === 0 && result.inProgress.length === 0;
  console.log(`\ntarget 0 lost, 0 duplicated, 0 left in progress: ${ok ? "met" : "MISSED"}`);
}

function fmt(sample: Sample | undefined): string {
  return sample === undefined ? "?" : `${mb(sample.rss)} / ${mb(sample.heap)}`;
}

await main();
