/**
 * `npm run bench:webhooks`: how fast the running app answers webhooks while reviews pile up. 200 signed
 * `pull_request` deliveries for 50 PRs (4 pushes each) on loopback to the app in its own process (as deployed),
 * against the fake GitHub and a fake model in this one; the model holds every answer until the burst is over,
 * so reviews queue up behind the acknowledgements. Target: p99 ≤ 50 ms.
 * Runs the in-process queue, and the BullMQ queue when a Redis can be had (TEST_REDIS_URL or redis-server).
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { startFakeModel } from "../test/helpers/fake-model.js";
import { gate } from "../test/helpers/gate.js";
import { testKeyPair } from "../test/helpers/keys.js";
import { startTestRedis } from "../test/helpers/redis-server.js";
import { deliverWebhook } from "../test/helpers/webhooks.js";
import { ONE_FINDING, shaOf } from "../test/e2e/support/burst.js";
import { addCachePullRequest, OWNER, prPayload, REPO } from "../test/e2e/support/scenario.js";
import { startAppProcess } from "./support/start-app-process.js";

const SECRET = "bench-webhook-secret";

const PRS = 50;
const PUSHES = 4;

interface Row {
  readonly backend: string;
  readonly inFlight: number;
  readonly deliveries: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
  readonly reviews: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function runBurst(backend: string, env: Readonly<Record<string, string>>, inFlight: number): Promise<Row> {
  const github = await startFakeGitHub();
  github.addRepository({ owner: OWNER, repo: REPO });
  const hold = gate();
  const model = await startFakeModel(async () => {
    await hold.promise;
    return ONE_FINDING;
  });
  const app = await startAppProcess({
    APP_ID: String(github.appId),
    PRIVATE_KEY: testKeyPair().privateKey,
    WEBHOOK_SECRET: SECRET,
    ...github.env,
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: "sk-bench",
    MODEL_MAX_RETRIES: "0",
    HOST: "127.0.0.1",
    PORT: "0",
    ...env,
  });
  const url = `http://127.0.0.1:${app.port}/api/github/webhooks`;
  try {
    const deliveries: Array<{ pr: number; push: number }> = [];
    for (let pr = 1; pr <= PRS; pr += 1) {
      addCachePullRequest(github, { number: pr, headSha: shaOf(pr, 0) });
      for (let push = 1; push < PUSHES; push += 1) github.pushToPullRequest({ owner: OWNER, repo: REPO, number: pr, headSha: shaOf(pr, push) });
      for (let push = 0; push < PUSHES; push += 1) deliveries.push({ pr, push });
    }
    // Pushes of one PR in order, PRs interleaved: as GitHub sends them during a busy hour.
    deliveries.sort((x, y) => x.push - y.push || x.pr - y.pr);
    const payloads = deliveries.map((d) => prPayload(d.push === 0 ? "opened" : "synchronize", { number: d.pr, headSha: shaOf(d.pr, d.push) }));
    // Warm-up on a PR of its own: module loading, JIT and the first installation token are not the burst's cost.
    addCachePullRequest(github, { number: 1000, headSha: shaOf(1000, 0) });
    for (let i = 0; i < 20; i += 1) {
      await deliverWebhook({ url, secret: SECRET, event: "pull_request", payload: prPayload("reopened", { number: 1000, headSha: shaOf(1000, 0) }) });
    }
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < deliveries.length) {
          const payload = payloads[next++];
          if (payload === undefined) return;
          const result = await deliverWebhook({ url, secret: SECRET, event: "pull_request", payload });
          if (result.status !== 200) throw new Error(`delivery answered ${result.status}: ${result.body}`);
          latencies.push(result.elapsedMs);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    hold.open();
    await github.waitFor((state) => state.reviews.length === PRS + 1 || undefined, { timeoutMs: 120_000 });
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      backend, inFlight, deliveries: latencies.length,
      p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN,
      perSecond: latencies.length / elapsed, reviews: github.reviews.filter((r) => r.pull_number <= PRS).length,
    };
  } finally {
    hold.open();
    await app.stop();
    await model.close();
    await github.close();
  }
}

async function main(): Promise<void> {
  const redis = await startTestRedis();
  const backends: Array<[string, Record<string, string>]> = [["in-process", {}]];
  if (redis.url !== undefined) backends.push(["redis (BullMQ)", { REDIS_URL: redis.url }]);
  else console.log(`(BullMQ rows skipped: ${redis.skipReason})`);
  const rows: Row[] = [];
  try {
    for (const [backend, env] of backends) {
      for (const inFlight of [1, 5, 20]) {
        // A fresh key prefix per run, so runs never see each other's jobs or deliveries.
        rows.push(await runBurst(backend, { ...env, REDIS_PREFIX: `bench-${randomUUID()}` }, inFlight));
      }
    }
  } finally {
    if (redis.url !== undefined) await redis.stop();
  }
  const fixed = (n: number): string => n.toFixed(1);
  console.log(`\nWebhook burst: ${PRS * PUSHES} signed deliveries for ${PRS} PRs on loopback (target p99 ≤ 50 ms)\n`);
  console.log("| queue | in flight | deliveries | ack p50 ms | ack p99 ms | ack max ms | deliveries/s | reviews posted |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| ${r.backend} | ${r.inFlight} | ${r.deliveries} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.max)} | ${r.perSecond.toFixed(0)} | ${r.reviews} |`);
  }
  const worst = Math.max(...rows.map((r) => r.p99));
  console.log(`\nworst p99: ${fixed(worst)} ms — ${worst <= 50 ? "within" : "OVER"} the 50 ms target`);
}

await main();
