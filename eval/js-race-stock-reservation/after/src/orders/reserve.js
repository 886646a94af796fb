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
  const available = Number(await redis.get(key));
  if (available < quantity) {
    throw new OutOfStockError(sku, available);
  }
  const left = available - quantity;
  await redis.set(key, left);
  return left;
}

module.exports = { OutOfStockError, reserveItem };
