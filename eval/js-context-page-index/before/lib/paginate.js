"use strict";

/**
 * One page of `items`.
 * @param {unknown[]} items
 * @param {number} pageIndex zero-based: 0 is the first page
 * @param {number} pageSize
 */
function paginate(items, pageIndex, pageSize = 20) {
  const start = pageIndex * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, pageSize };
}

module.exports = { paginate };
