import type { Redis } from "ioredis";
import { z } from "zod";
import type { Logger } from "../../core/ports.js";
import { headShaOf, isConversationJob, ReviewJobSchema, type ReviewJob } from "./review-job.js";

/** GitHub keeps a delivery redeliverable for 30 days; a PR's request is kept as long. */
const REQUEST_TTL_SECONDS = 30 * 24 * 3600;
const TURNS_TTL_SECONDS = 24 * 3600;

/**
 * Records a PR's newest request in one step, so that two replicas taking events for the same PR within
 * milliseconds cannot interleave a read and a write: the last script Redis runs is the request kept, and an
 * explicit request (Re-run) that has not been taken yet stays explicit when a plain event for the same commit
 * (or for "the current head", the Re-run's own target) lands after it. The cancel message goes out in the same
 * step, so the order replicas hear new heads in is the order the requests were kept in.
 *
 * The same step adds the PR to its installation's set of waiting PRs and answers the set's size: the job's
 * priority. A set, not a counter: an event merged into a PR's waiting job adds nothing, a job taken twice
 * (after a stall) removes nothing twice, so the count cannot drift.
 *
 * A `/review` not taken yet stays a command (reviewed even while paused) when a plain event lands after it: its
 * `command` field is kept beside the job.
 *
 * KEYS: request hash, installation's waiting set. ARGV: job JSON, head SHA ("" = the PR's current head),
 * forced ("1"/"0"), request TTL, cancel channel, cancel message ("" = none), PR key, set TTL, command JSON ("" = none).
 */
const RECORD_REQUEST = `
local forced = ARGV[3]
local command = ARGV[9]
local pending = redis.call('HGET', KEYS[1], 'pending') == '1'
if forced == '0' and pending and redis.call('HGET', KEYS[1], 'forced') == '1' then
  local waitingSha = redis.call('HGET', KEYS[1], 'headSha')
  if waitingSha == ARGV[2] or waitingSha == '' then forced = '1' end
end
if command == '' and pending then command = redis.call('HGET', KEYS[1], 'command') or '' end
redis.call('HSET', KEYS[1], 'job', ARGV[1], 'headSha', ARGV[2], 'forced', forced, 'pending', '1', 'command', command)
redis.call('EXPIRE', KEYS[1], ARGV[4])
if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
redis.call('SADD', KEYS[2], ARGV[7])
redis.call('EXPIRE', KEYS[2], ARGV[8])
return redis.call('SCARD', KEYS[2])
`;

/**
 * A job starting: reads the PR's newest request and marks it taken (a later plain event no longer inherits its
 * Re-run), and takes the PR out of its installation's waiting set. The request itself stays, so a job run again
 * after its replica died still finds it.
 *
 * KEYS: request hash, installation's waiting set. ARGV: PR key.
 */
const TAKE_REQUEST = `
local found = redis.call('HMGET', KEYS[1], 'job', 'forced', 'command')
redis.call('SREM', KEYS[2], ARGV[1])
if found[1] then redis.call('HSET', KEYS[1], 'pending', '0') end
return found
`;

/**
 * A taken request queued again (its replica shut down mid-review): pending again, and back in its
 * installation's turn. KEYS and ARGV: request hash, waiting set; PR key, set TTL.
 */
const REQUEUE_REQUEST = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'pending', '1') end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return redis.call('SCARD', KEYS[2])
`;

const CountSchema = z.number().int().min(0);
const TakenSchema = z.tuple([z.string().nullable(), z.string().nullable(), z.string().nullable()]);

export interface RequestStoreOptions {
  readonly redis: Redis;
  readonly log: Logger;
  /** Joins key parts with the deployment's prefix. */
  readonly redisKey: (...parts: string[]) => string;
  readonly cancelChannel: string;
}

/** Where each PR's newest review request lives in Redis, changed only by atomic scripts. */
export interface RequestStore {
  /** Keeps `job` as the PR's newest request, publishes its head for cancellation; answers the job's priority. */
  record(key: string, job: ReviewJob): Promise<number>;
  /** The request a starting job reviews, or undefined when none is left. */
  take(key: string, installationId: number): Promise<ReviewJob | undefined>;
  /** Makes a taken request pending again; answers the requeued job's priority. */
  requeue(key: string, installationId: number): Promise<number>;
}

export function createRequestStore(options: RequestStoreOptions): RequestStore {
  const { redis, log, redisKey, cancelChannel } = options;
  const requestKey = (key: string): string => redisKey("request", key);
  const turnsKey = (installationId: number): string => redisKey("installation-queued", String(installationId));

  return {
    async record(key, job) {
      const headSha = headShaOf(job) ?? "";
      const cancel = headSha === "" ? "" : JSON.stringify({ key, headSha });
      const size = await redis.eval(
        RECORD_REQUEST, 2, requestKey(key), turnsKey(job.installationId),
        JSON.stringify(job), headSha, job.forced ? "1" : "0", REQUEST_TTL_SECONDS, cancelChannel, cancel, key, TURNS_TTL_SECONDS,
        "command" in job && job.command !== undefined ? JSON.stringify(job.command) : "",
      );
      return CountSchema.parse(size);
    },

    async take(key, installationId) {
      const [text, forced, command] = TakenSchema.parse(await redis.eval(TAKE_REQUEST, 2, requestKey(key), turnsKey(installationId), key));
      if (text === null) return undefined;
      const parsed = ReviewJobSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        log.warn({ key, problem: parsed.error.message }, "unreadable review request in Redis ignored");
        return undefined;
      }
      const job = { ...parsed.data, forced: forced === "1" };
      if (command === null || command === "" || job.pullNumber === null || isConversationJob(job) || job.command !== undefined) return job;
      const kept = ReviewJobSchema.safeParse({ ...job, command: JSON.parse(command) });
      return kept.success ? kept.data : job;
    },

    async requeue(key, installationId) {
      return CountSchema.parse(await redis.eval(REQUEUE_REQUEST, 2, requestKey(key), turnsKey(installationId), key, TURNS_TTL_SECONDS));
    },
  };
}
