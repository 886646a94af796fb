import { describe, expect, it } from "vitest";
import { admit, bucketStart, DAY_WINDOW, expiresAt, isLive, type WindowShape } from "../../../src/core/budget/rolling-window.js";

const shape: WindowShape = { windowMs: 60_000, bucketMs: 1_000 };

describe("rolling window arithmetic", () => {
  it("puts a moment in the bucket that starts at the last multiple of the bucket length", () => {
    expect(bucketStart(12_345, shape)).toBe(12_000);
    expect(bucketStart(12_000, shape)).toBe(12_000);
    expect(bucketStart(Date.UTC(2025, 0, 1, 10, 0, 59, 999), DAY_WINDOW)).toBe(Date.UTC(2025, 0, 1, 10, 0, 0));
  });

  it("keeps a bucket until its end plus the window, never forgetting an amount early", () => {
    expect(expiresAt({ start: 12_000 }, shape)).toBe(73_000);
    expect(isLive({ start: 12_000 }, 72_999, shape)).toBe(true);
    expect(isLive({ start: 12_000 }, 73_000, shape)).toBe(false);
  });

  it("admits while used plus the need fits the limit", () => {
    expect(admit([], 10, 1, shape)).toEqual({ allowed: true, used: 0 });
    expect(admit([{ start: 0, amount: 4 }, { start: 1000, amount: 5 }], 10, 1, shape)).toEqual({ allowed: true, used: 9 });
  });

  it("refuses beyond the limit and frees up when enough of the oldest usage has left the window, whatever the buckets' order", () => {
    const buckets = [
      { start: 5_000, amount: 3 },
      { start: 1_000, amount: 6 },
      { start: 9_000, amount: 4 },
    ];
    // 13 used, limit 10: dropping the oldest (6) leaves 7, enough for 1 more.
    expect(admit(buckets, 10, 1, shape)).toEqual({ allowed: false, used: 13, freesAt: 62_000 });
    // For 5 more, the next bucket must go too: 4 left.
    expect(admit(buckets, 10, 5, shape)).toEqual({ allowed: false, used: 13, freesAt: 66_000 });
  });

  it("refuses a need larger than the whole limit until the window is empty, and after", () => {
    expect(admit([{ start: 2_000, amount: 1 }], 3, 5, shape)).toEqual({ allowed: false, used: 1, freesAt: 63_000 });
    expect(admit([], 3, 5, shape)).toEqual({ allowed: false, used: 0, freesAt: 0 });
  });
});
