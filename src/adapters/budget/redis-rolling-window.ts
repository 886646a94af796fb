import type { Redis } from "ioredis";
import { z } from "zod";
import { admit, bucketStart, type Bucket, type RollingWindow, type WindowShape } from "../../core/budget/rolling-window.js";

/**
 * One key's usage, read and (maybe) added to in one step: buckets that left the window are deleted, the live
 * ones are answered (as they were before this call), and the amount is added to the current bucket —
 * always (`add`), or only when it fits under the limit (`try`), so two replicas cannot both take the last
 * unit. The key expires when its newest bucket leaves the window, so idle owners cost nothing.
 *
 * KEYS: the usage hash (bucket start → amount). ARGV: now, window ms, bucket ms, mode (`add`, `try`, `read`),
 * current bucket start, amount, limit.
 */
const USE_WINDOW = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local bucket = tonumber(ARGV[3])
local mode = ARGV[4]
local amount = tonumber(ARGV[6])
local fields = redis.call('HGETALL', KEYS[1])
local live = {}
local used = 0
for i = 1, #fields, 2 do
  if tonumber(fields[i]) + bucket + window <= now then
    redis.call('HDEL', KEYS[1], fields[i])
  else
    used = used + tonumber(fields[i + 1])
    live[#live + 1] = fields[i]
    live[#live + 1] = fields[i + 1]
  end
end
local added = 0
if mode == 'add' or (mode == 'try' and used + amount <= tonumber(ARGV[7])) then
  redis.call('HINCRBY', KEYS[1], ARGV[5], amount)
  redis.call('PEXPIRE', KEYS[1], window + 2 * bucket)
  added = 1
end
return {added, live}
`;

const ReplySchema = z.tuple([z.number(), z.array(z.string())]);

type Mode = "add" | "try" | "read";

export interface RedisRollingWindowOptions {
  readonly redis: Redis;
  /** The key prefix of this window, e.g. `pr-reviewer:budget:tokens`. */
  readonly prefix: string;
  readonly shape: WindowShape;
  /**
   * The replica's clock, not Redis's: replicas' clocks agree within seconds, which is far below a bucket's
   * length; tests move it.
   */
  readonly now?: () => number;
}

/** The rolling window in Redis, shared by every replica; each operation is one script call. */
export function createRedisRollingWindow(options: RedisRollingWindowOptions): RollingWindow {
  const { redis, shape } = options;
  const now = options.now ?? Date.now;

  const use = async (key: string, mode: Mode, amount: number, limit: number): Promise<{ added: boolean; live: Bucket[] }> => {
    const at = now();
    const reply = ReplySchema.parse(
      await redis.eval(USE_WINDOW, 1, `${options.prefix}:${key}`, at, shape.windowMs, shape.bucketMs, mode, bucketStart(at, shape), amount, limit),
    );
    const [added, flat] = reply;
    const live: Bucket[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) live.push({ start: Number(flat[i]), amount: Number(flat[i + 1]) });
    return { added: added === 1, live };
  };

  return {
    async add(key, amount) {
      await use(key, "add", amount, 0);
    },
    async check(key, limit, need) {
      return admit((await use(key, "read", 0, limit)).live, limit, need, shape);
    },
    async tryAdd(key, amount, limit) {
      const { live } = await use(key, "try", amount, limit);
      // The script added exactly when the amount fitted the buckets it saw: the same decision, made here again.
      return admit(live, limit, amount, shape);
    },
  };
}
