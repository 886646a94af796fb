"use strict";

class OutOfStockError extends Error {
  constructor(sku, available) {
    super(`only ${available} of ${sku} left`);
    this.sku = sku;
    this.available = available;
  }
}

/** Takes `quantity` items of `sku` out of stock; returns how many are left. */
async function reserveItem(redis, sku, quantity) {
  const key = `stock:${sku}`;
  const left = await redis.decrby(key, quantity);
  if (left < 0) {
    await redis.incrby(key, quantity);
    throw new OutOfStockError(sku, left + quantity);
  }
  return left;
}

module.exports = { OutOfStockError, reserveItem };
