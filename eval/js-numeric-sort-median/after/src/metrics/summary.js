"use strict";

function mean(values) {
  if (values.length === 0) return undefined;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
}

/** Summary of response times in milliseconds. */
function summarize(durationsMs) {
  return {
    count: durationsMs.length,
    meanMs: mean(durationsMs),
    medianMs: median(durationsMs),
    maxMs: durationsMs.length === 0 ? undefined : Math.max(...durationsMs),
  };
}

module.exports = { mean, median, summarize };
